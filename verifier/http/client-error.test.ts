// Node's parser and timeout rejections become problem+json responses written to the socket, or a closed socket when
// no reply is possible.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/test-app.js';
import { clientErrorCode, clientErrorHandler } from './client-error.js';

function fakeSocket() {
  const socket = new PassThrough();
  const written: string[] = [];
  socket.on('data', (d: Buffer) => written.push(d.toString()));
  return { socket, written };
}

describe('clientError handler', () => {
  it('maps Node codes to stable codes', () => {
    expect(clientErrorCode('HPE_HEADER_OVERFLOW')).toBe('request_headers_too_large');
    expect(clientErrorCode('ERR_HTTP_REQUEST_TIMEOUT')).toBe('request_timeout');
    expect(clientErrorCode('HPE_INVALID_CHUNK_SIZE')).toBe('malformed_request');
    expect(clientErrorCode(undefined)).toBe('malformed_request');
  });

  it('answers 408 with a problem+json body and closes', async () => {
    const { logger, logs } = memoryLogger();
    const { socket, written } = fakeSocket();
    clientErrorHandler(logger)(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    await new Promise((r) => setImmediate(r));
    const response = written.join('');
    expect(response.startsWith('HTTP/1.1 408 Request Timeout\r\n')).toBe(true);
    expect(response).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(response.split('\r\n\r\n')[1]!)).toMatchObject({ status: 408, code: 'request_timeout', type: 'urn:sahih:problem:request_timeout' });
    expect(logs.join('')).toContain('"level":40');
  });

  it('only closes a reset or unwritable socket', () => {
    const { logger } = memoryLogger();
    const { socket, written } = fakeSocket();
    clientErrorHandler(logger)(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket);
    expect(socket.destroyed).toBe(true);
    expect(written).toEqual([]);
  });
});
