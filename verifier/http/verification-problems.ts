// HTTP status and title for each of the credential core's verification codes (shared/verification/result.ts). They
// cross the API unchanged as problem `code`s (POST .../response) and verdict codes (POST /v1/verify), so a client
// switches on one vocabulary whichever endpoint it called.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { verificationCodes, type VerificationCode } from '../../shared/verification/result.js';

export const verificationTitleOf: Record<VerificationCode, string> = {
  malformed: 'The presentation is malformed',
  wrong_typ: 'The credential has the wrong typ',
  unsupported_alg: 'The credential uses an unsupported algorithm',
  unsupported_header: 'The credential uses an unsupported header parameter',
  untrusted_issuer: 'The credential issuer is not registered to issue this credential',
  bad_signature: "The issuer's signature does not verify",
  expired: 'The credential has expired',
  not_yet_valid: 'The credential is not yet valid',
  unsupported_sd_alg: 'The credential uses an unsupported selective-disclosure hash',
  disclosure_malformed: 'A disclosure is malformed',
  disclosure_unreferenced: 'A disclosure is not referenced by the credential',
  disclosure_duplicate: 'A disclosure is included twice',
  disclosure_wrong_kind: 'A disclosure has the wrong kind for where it is referenced',
  reserved_claim_name: 'A disclosure carries a reserved claim name',
  claim_name_conflict: 'A disclosed claim conflicts with a plain claim',
  holder_key_invalid: 'The holder key in the credential is not usable',
  kb_missing: 'The key binding JWT is missing',
  kb_malformed: 'The key binding JWT is malformed',
  kb_wrong_typ: 'The key binding JWT has the wrong typ',
  kb_bad_signature: "The key binding JWT does not verify with the holder's key",
  kb_wrong_audience: 'The key binding JWT is for another audience',
  kb_wrong_nonce: 'The key binding JWT carries another nonce',
  kb_stale: 'The key binding JWT is too old',
  kb_not_yet_valid: 'The key binding JWT is dated in the future',
  sd_hash_mismatch: 'The key binding JWT does not cover this presentation',
  revoked: 'The credential has been revoked',
  suspended: 'The credential is suspended',
  status_unknown: 'The credential has a status with no defined meaning',
  status_unavailable: 'The credential status could not be checked',
};

export const verificationStatusOf = Object.fromEntries(
  verificationCodes.map((code) => [code, code === 'status_unavailable' ? 503 : 400]),
) as Record<VerificationCode, ContentfulStatusCode>;
