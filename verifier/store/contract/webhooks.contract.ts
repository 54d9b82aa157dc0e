// Contract for agency webhook endpoints (upsert, one per agency) and the delivery queue: idempotent by id, due
// ordering, single-winner claims, and every finishing outcome dropping the sealed values.
import { expect, it } from 'vitest';
import type { NewWebhookDelivery } from '../repos/webhooks.js';
import type { Store } from '../types.js';

const delivery = (id: string, extra: Partial<NewWebhookDelivery> = {}): NewWebhookDelivery => ({
  id,
  agencyId: 'rs',
  type: 'consent.withdrawn',
  payload: '{"type":"consent.withdrawn"}',
  sealed: null,
  createdAt: 1_000,
  expiresAt: 10_000,
  ...extra,
});

export function webhooksContract(getStore: () => Store): void {
  it('agency webhooks: one endpoint per agency, replaced in place, removable', async () => {
    const store = getStore();
    expect(await store.agencyWebhooks.get('rs')).toBeUndefined();
    await store.agencyWebhooks.put({ agencyId: 'rs', url: 'https://rs.example/hook', secretSealed: 's1', createdAt: 1, updatedAt: 1 });
    await store.agencyWebhooks.put({ agencyId: 'rs', url: 'https://rs.example/hook2', secretSealed: 's2', createdAt: 1, updatedAt: 2 });
    expect(await store.agencyWebhooks.get('rs')).toEqual({ agencyId: 'rs', url: 'https://rs.example/hook2', secretSealed: 's2', createdAt: 1, updatedAt: 2 });
    expect(await store.agencyWebhooks.delete('rs')).toBe(true);
    expect(await store.agencyWebhooks.delete('rs')).toBe(false);
    expect(await store.agencyWebhooks.get('rs')).toBeUndefined();
  });

  it('webhook deliveries: idempotent enqueue, due order, single claim, outcomes', async () => {
    const store = getStore();
    const q = store.webhookDeliveries;
    expect(await q.enqueue(delivery('d-1', { sealed: 'v1.x.y' }))).toBe(true);
    expect(await q.enqueue(delivery('d-1', { payload: 'other' }))).toBe(false);
    await q.enqueue(delivery('d-2', { createdAt: 500 }));
    await q.enqueue(delivery('d-3', { createdAt: 2_000, agencyId: 'bank' }));
    expect(await q.get('d-1')).toMatchObject({ payload: '{"type":"consent.withdrawn"}', sealed: 'v1.x.y', attempts: 0, nextAttemptAt: 1_000, deliveredAt: null, endedAt: null });
    expect((await q.due(1_000, 10)).map((d) => d.id)).toEqual(['d-2', 'd-1']);
    expect((await q.due(1_000, 1)).map((d) => d.id)).toEqual(['d-2']);

    expect(await q.claim('d-1', 1_000, 5_000)).toBe(true);
    expect(await q.claim('d-1', 1_000, 5_000)).toBe(false);
    expect((await q.due(1_000, 10)).map((d) => d.id)).toEqual(['d-2']);
    await q.markRetry('d-1', 1, 1_030, 'HTTP 500');
    expect(await q.get('d-1')).toMatchObject({ attempts: 1, nextAttemptAt: 1_030, lastError: 'HTTP 500', sealed: 'v1.x.y' });
    await q.markDelivered('d-1', 1_040, 2);
    expect(await q.get('d-1')).toMatchObject({ attempts: 2, nextAttemptAt: null, deliveredAt: 1_040, sealed: null, lastError: null });

    await q.markEnded('d-2', 1_050, 1, 'HTTP 410');
    expect(await q.get('d-2')).toMatchObject({ endedAt: 1_050, nextAttemptAt: null, lastError: 'HTTP 410' });
    expect((await q.due(100_000, 10)).map((d) => d.id)).toEqual(['d-3']);

    await q.enqueue(delivery('d-4', { sealed: 'v1.a.b', createdAt: 3_000, expiresAt: 4_000 }));
    expect(await q.expire(3_999)).toBe(0);
    expect(await q.expire(10_000)).toBe(2);
    expect(await q.get('d-4')).toMatchObject({ sealed: null, endedAt: 10_000, nextAttemptAt: null, lastError: 'expired before delivery' });
    expect((await q.get('d-1'))?.deliveredAt).toBe(1_040);
    expect((await q.listForAgency('rs', 10)).map((d) => d.id)).toEqual(['d-4', 'd-1', 'd-2']);
  });
}
