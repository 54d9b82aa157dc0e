// Binds a newly issued credential's holder key to the wallet account that received it (DESIGN.md flow 2), so later
// presentations made with that key are attributed to the citizen and shown in their access log.
import type { IssuanceHooks } from '../issuance/credential.js';

export function holderBindingHooks(extra?: IssuanceHooks): IssuanceHooks {
  return {
    async onCredentialIssued(event) {
      if (event.accountId) {
        await event.tx.holderBindings.bind(event.holderJwkThumbprint, event.accountId, event.issuedAt, event.passkeyId);
        if (event.subjectRef) await event.tx.holderBindings.bindSubject(event.subjectRef, event.accountId, event.issuedAt);
      }
      await extra?.onCredentialIssued?.(event);
    },
  };
}
