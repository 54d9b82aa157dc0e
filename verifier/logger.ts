// Structured JSON logs (pino). Anything that could carry a secret or a claim value is redacted by path.
import { pino, type Logger } from 'pino';

/** Paths that must never reach a log line, whatever a caller passes in. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.apiKey',
  '*.password',
  '*.token',
  '*.claims',
  '*.credential',
  '*.presentation',
  '*.privateKey',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'sahih-verifier' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
