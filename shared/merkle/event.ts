// Access-log events as the citizen and the agency receive them: the exact JSON text, a random salt, and the
// commitment the public tree holds. Anyone holding the text and salt can recompute the leaf; nobody else learns it.
import { type Sha256 } from './hash.js';

export const accessEventKinds = [
  'presentation_shared',
  'presentation_declined',
  'direct_verification',
  'consent_withdrawn',
  'consent_paused',
  'consent_resumed',
  'consent_expired',
  'rights_request_filed',
  'rights_request_answered',
  'backoffice_access',
  // The citizen reported a phone lost: the agency's credentials held on it were suspended (verifier/accounts/lost-device.ts).
  'credential_suspended',
] as const;
export type AccessEventKind = (typeof accessEventKinds)[number];

/** The event body; serialised once by the service, and that exact text is what is committed and handed out. */
export interface AccessEventBody {
  v: 1;
  eventId: string;
  kind: AccessEventKind;
  /** Seconds since the epoch. */
  occurredAt: number;
  agency: { id: string; name: string };
  /**
   * The holder key used, if any. The citizen's account id is deliberately not in the text: the text goes to the
   * agency too, and a stable account id would let agencies link their records about one citizen.
   */
  subject: { holderKeyThumbprint?: string };
  purpose?: { code: string; description?: { id: string; en: string } };
  legalBasis?: string;
  /** Claim names or data categories, never values. */
  dataItems?: string[];
  consentRecordId?: string;
  requestId?: string;
  /** Free-form, value-free details (e.g. a rights request id or a back-office system name). */
  details?: Record<string, string>;
}

/** commitment = SHA-256(salt || UTF-8 body text); it is the leaf data, so the leaf hash is SHA-256(0x00 || commitment). */
export async function eventCommitment(sha256: Sha256, salt: Uint8Array, bodyText: string): Promise<Uint8Array> {
  const text = new TextEncoder().encode(bodyText);
  const input = new Uint8Array(salt.length + text.length);
  input.set(salt, 0);
  input.set(text, salt.length);
  return sha256(input);
}
