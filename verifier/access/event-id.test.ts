// Event ids: valid RFC 9562 version 7 UUIDs that sort by time.
import { describe, expect, it } from 'vitest';
import { eventId } from './event-id.js';

describe('eventId', () => {
  it('is a version 7, variant 10 UUID carrying the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0, 123);
    const id = eventId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time and is unique within a millisecond', () => {
    const ids = [eventId(1_000), eventId(1_001), eventId(2_000_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => eventId(5_000)));
    expect(same.size).toBe(1000);
  });
});
