// Random bearer secrets (pre-authorized codes, access tokens, nonces) and their stored form (SHA-256, base64url).
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (value: string) => createHash('sha256').update(value).digest('base64url');
/** A numeric transaction code, sent to the citizen over a second channel. */
export const newTxCode = (length: number) => Array.from({ length }, () => randomInt(10)).join('');
