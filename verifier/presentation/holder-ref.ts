// Keyed hashes the presentation flow stores instead of values: the holder_ref of a holder key (HMAC of its RFC 7638
// thumbprint under a KEK subkey, so the tables never name a key an account has not claimed) and the response_code
// of a same-device answer (OpenID4VP 1.0 §8.2), which the agency compares with the one on its return URL.
import type { Sealer } from '../registry/sealer.js';

export const holderRefOf = (sealer: Sealer, thumbprint: string) => sealer.keyedHash('holder-ref', thumbprint);

export const responseCodeOf = (sealer: Sealer, requestId: string) => sealer.keyedHash('response-code', requestId);
