// Why the citizen cannot answer a data request with a card: none held yet, or the one held was revoked, suspended or
// has expired (then it says so and to ask the issuing agency for a new one, never "you do not have this card yet").
import { matchCredential } from '../../../../shared/dcql/match.js';
import type { CredentialQuery } from '../../../../shared/dcql/types.js';
import { t } from '../../i18n/index.js';
import { effectiveStatus } from '../../lib/credential-display.js';
import { credentials } from '../../state/wallet.js';

/** The state of the newest held card that would answer the query if it were valid; undefined when none matches. */
function heldButUnusable(query: CredentialQuery | undefined) {
  if (!query) return undefined;
  for (const view of credentials.value ?? []) {
    const status = effectiveStatus(view);
    if (status === 'valid' || !view.vct) continue;
    if (matchCredential(query, { ref: view.id, format: 'dc+sd-jwt', vct: view.vct, claims: view.claims })) return status;
  }
  return undefined;
}

const WORDS = { revoked: 'present.cardRevoked', suspended: 'present.cardSuspended', expired: 'present.cardExpired' } as const;

export function NoCardNotice({ query }: { query: CredentialQuery | undefined }) {
  const status = heldButUnusable(query);
  const key = status && status in WORDS ? WORDS[status as keyof typeof WORDS] : 'present.noCard';
  return (
    <p class="notice" data-no-card={status ?? 'none'}>
      {t(key)}
    </p>
  );
}
