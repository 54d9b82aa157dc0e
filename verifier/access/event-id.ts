// Access event ids: UUID version 7 (RFC 9562 §5.7), time-ordered. The event table and its id index then grow at
// their right edge like the log itself, so a commit dirties a page or two of the index instead of one random page
// per event (and at millions of events, no random index page has to be read back from disk). The time in the id
// reveals nothing the event's own `occurredAt` does not. Hand-written: Node 20's crypto has only version 4.
import { randomBytesFromPool } from '../crypto/random-pool.js';

export function eventId(nowMs: number = Date.now()): string {
  const bytes = randomBytesFromPool(16);
  // 48-bit big-endian Unix time in milliseconds.
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
