// Types shared between credentials (which carry a status reference) and the status checker (which resolves it).

import type { MaybePromise } from '../crypto/types.js';

/** `status.status_list` in a credential (draft-ietf-oauth-status-list §6.1). */
export interface StatusReference {
  readonly uri: string;
  readonly idx: number;
}

export type StatusCheckResult =
  | { readonly ok: true; readonly status: 0 }
  | {
      readonly ok: false;
      readonly code: 'revoked' | 'suspended' | 'status_unknown' | 'status_unavailable';
      readonly detail: string;
      /** The raw status value, when one was read. */
      readonly status?: number;
    };

/** What the credential verifier needs from a status checker. */
export interface StatusChecker {
  check(reference: StatusReference): MaybePromise<StatusCheckResult>;
}
