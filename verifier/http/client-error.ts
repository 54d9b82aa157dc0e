// Node's own rejections, before any route runs (the server's 'clientError' event): a request its HTTP parser refuses
// (400), one that took longer than requestTimeout (408) and headers over maxHeaderSize (431). Node would answer them
// with an empty body; here they carry a problem+json body with a stable code, where the socket still allows a reply.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ErrorCode } from '../errors.js';
import { httpStatusOf, problemTitle, problemType } from './problem.js';

const detailOf: Partial<Record<ErrorCode, string>> = {
  malformed_request: 'The request is not valid HTTP/1.1 (request line, headers or chunked body).',
  request_timeout: 'The request did not arrive in full in time.',
  request_headers_too_large: 'The request headers are larger than this server accepts.',
};

/** The stable code for a Node parser or server error code (HPE_* from llhttp, ERR_HTTP_REQUEST_TIMEOUT). */
export function clientErrorCode(nodeCode: string | undefined): ErrorCode {
  if (nodeCode === 'HPE_HEADER_OVERFLOW') return 'request_headers_too_large';
  if (nodeCode === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'malformed_request';
}

/** The raw HTTP/1.1 response: written straight to the socket because no request object exists to answer through. */
export function clientErrorResponse(code: ErrorCode): string {
  const status = httpStatusOf(code);
  const body = JSON.stringify({ type: problemType(code), title: problemTitle(code), status, code, detail: detailOf[code] });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The 'clientError' listener: answer when Node would (the socket is writable and no response has started), else close. */
export function clientErrorHandler(logger: Logger): (err: NodeJS.ErrnoException, socket: Duplex) => void {
  return (err, socket) => {
    const started = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (err.code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    const code = clientErrorCode(err.code);
    logger.warn({ code, nodeCode: err.code }, 'client error');
    socket.end(clientErrorResponse(code));
  };
}
