// The crypto the credential core needs, as an injected interface, so shared/ runs unchanged in browsers and Node.

/** A value or a promise of it: the Node binding answers synchronously so the verifier's hot path never waits a tick. */
export type MaybePromise<T> = T | Promise<T>;

/** A public JSON Web Key (RFC 7517) as it appears in headers, `cnf.jwk` and JWKS documents. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
}

/** An EC P-256 public key already checked by `toEs256PublicJwk`. */
export interface Es256PublicJwk extends PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface CryptoProvider {
  /** SHA-256 of the bytes; a string is hashed as its UTF-8 encoding. */
  sha256(data: Uint8Array | string): MaybePromise<Uint8Array>;
  /** Cryptographically secure random bytes. */
  randomBytes(length: number): Uint8Array;
  /**
   * ECDSA P-256 / SHA-256 verification of a 64-byte `r || s` signature (JWS ES256, IEEE P1363 encoding).
   * A string signing input must be ASCII (it always is for JWS: base64url plus '.').
   * Returns false, never throws, for a bad signature, a wrong-length signature or an unusable key.
   */
  verifyEs256(jwk: Es256PublicJwk, signingInput: Uint8Array | string, signature: Uint8Array): MaybePromise<boolean>;
}

/** Produces ES256 signatures (64-byte `r || s`). The private key stays inside the signer (e.g. a non-extractable CryptoKey). */
export interface Signer {
  readonly alg: 'ES256';
  readonly kid?: string;
  sign(signingInput: Uint8Array): MaybePromise<Uint8Array>;
}
