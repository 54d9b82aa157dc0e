// A client that hangs up or sends a body Node's parser rejects (a malformed chunk) leaves its request's body stream
// failing mid-read. That is the client's doing, not a bug: it is logged as a warning and answered (to nobody, usually)
// as a malformed request, never as an internal error.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

/** The Node request behind a Hono context, when served by @hono/node-server (absent under app.request()). */
function incomingOf(c: Context<AppEnv>): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** Whether the request's own connection ended before its body did: decided by the socket, never by message text. */
export function isClientAbort(c: Context<AppEnv>): boolean {
  const incoming = incomingOf(c);
  if (!incoming || incoming.complete) return false;
  return incoming.readableAborted || incoming.destroyed || incoming.socket?.destroyed === true;
}

/** For a failure caused by the client hanging up: the warning logged and the error to answer with; else undefined. */
export function clientAbort(err: unknown, c: Context<AppEnv>): AppError | undefined {
  if (!isClientAbort(c)) return undefined;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  c.get('logger')?.warn({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, code }, 'client aborted');
  return new AppError('malformed_request', { detail: 'The connection ended before the request body was complete.', cause: err });
}
