// Helpers for issuance tests: a holder key, OpenID4VCI key proofs, and the offer -> token -> nonce -> credential run
// over any `request(path, init)` (Hono's app.request or fetch against the running service).
import { generateKeyPairSync } from 'node:crypto';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { signCompactJws, type JsonObject } from '../../shared/jose/jws.js';
import { nodeSigner } from '../../verifier/crypto/node-crypto.js';

export type Requester = (path: string, init?: RequestInit) => Promise<Response>;

export function holderKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const publicJwk: Es256PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
  return { publicJwk, signer: nodeSigner(privateKey), privateKey };
}
export type HolderKey = ReturnType<typeof holderKey>;

export async function proofJwt(options: {
  holder: HolderKey;
  aud: string;
  nonce: string | undefined;
  iat: number;
  typ?: string;
  /** Sign with this key instead of the holder's (while the header still names the holder key). */
  signWith?: HolderKey;
  header?: JsonObject;
}): Promise<string> {
  const payload: JsonObject = { aud: options.aud, iat: options.iat };
  if (options.nonce !== undefined) payload.nonce = options.nonce;
  return signCompactJws(
    { typ: options.typ ?? 'openid4vci-proof+jwt', jwk: options.holder.publicJwk, ...options.header },
    payload,
    (options.signWith ?? options.holder).signer,
  );
}

export const dukcapilClaims = {
  nik: '3273015708900077',
  name: 'Kartika Wulandari Testdata',
  birth_place: 'Kabupaten Sumedangtest',
  birth_date: '1990-08-17',
  address: { street_address: 'Jl. Cempaka Putih Raya No. 77 RT 003/RW 009', locality: 'Kota Bandungtest', region: 'Jawa Barat' },
};

/** A JKN-KIS card from BPJS Kesehatan for the same test citizen (the demo's second card type). */
export const jknClaims = {
  card_number: '0001234567890',
  name: 'Kartika Wulandari Testdata',
  birth_date: '1990-08-17',
  care_class: 'Kelas 2',
  participant_type: 'PBPU',
  primary_care_facility: 'Puskesmas Cempaka Putih Test',
};

export const jsonInit = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export function offerParams(credentialOfferUri: string) {
  const offer = JSON.parse(decodeURIComponent(credentialOfferUri.split('credential_offer=')[1]!)) as {
    credential_issuer: string;
    credential_configuration_ids: string[];
    grants: Record<string, { 'pre-authorized_code': string }>;
  };
  const code = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
  return { offer, code, issuerPath: new URL(offer.credential_issuer).pathname };
}

export async function createOffer(request: Requester, agencyId: string, apiKey: string, body: JsonObject) {
  const res = await request(`/v1/agencies/${agencyId}/offers`, jsonInit(body, { authorization: `Bearer ${apiKey}` }));
  return { res, body: (await res.json()) as Record<string, unknown> };
}

export async function token(request: Requester, issuerPath: string, fields: Record<string, string>) {
  const res = await request(`${issuerPath}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

export async function nonce(request: Requester, issuerPath: string): Promise<string> {
  const res = await request(`${issuerPath}/nonce`, { method: 'POST' });
  return ((await res.json()) as { c_nonce: string }).c_nonce;
}

export async function credential(request: Requester, issuerPath: string, accessToken: string, body: JsonObject) {
  const res = await request(`${issuerPath}/credential`, jsonInit(body, { authorization: `Bearer ${accessToken}` }));
  return { res, body: (await res.json()) as Record<string, unknown> };
}

/** The whole pre-authorized flow; returns the SD-JWT VC and the ids involved. */
export async function runIssuance(options: {
  request: Requester;
  agencyId: string;
  apiKey: string;
  offer: JsonObject;
  holder: HolderKey;
  nowSeconds: () => number;
  issuerUrl: string;
}) {
  const created = await createOffer(options.request, options.agencyId, options.apiKey, options.offer);
  if (created.res.status !== 201) throw new Error(`offer failed: ${JSON.stringify(created.body)}`);
  const { code, issuerPath } = offerParams(created.body.credentialOfferUri as string);
  const fields: Record<string, string> = { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code };
  if (created.body.txCode) fields.tx_code = created.body.txCode as string;
  const tok = await token(options.request, issuerPath, fields);
  if (tok.res.status !== 200) throw new Error(`token failed: ${JSON.stringify(tok.body)}`);
  const cNonce = await nonce(options.request, issuerPath);
  const jwt = await proofJwt({ holder: options.holder, aud: options.issuerUrl, nonce: cNonce, iat: options.nowSeconds() });
  const cred = await credential(options.request, issuerPath, tok.body.access_token as string, {
    credential_configuration_id: options.offer.credentialType as string,
    proofs: { jwt: [jwt] },
  });
  if (cred.res.status !== 200) throw new Error(`credential failed: ${JSON.stringify(cred.body)}`);
  const sdJwt = (cred.body.credentials as { credential: string }[])[0]!.credential;
  return { sdJwt, offerId: created.body.offerId as string, offerUri: created.body.credentialOfferUri as string };
}
