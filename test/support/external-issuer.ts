// An SD-JWT VC issuer outside Sahih for tests, made only with @sd-jwt/sd-jwt-vc and @sd-jwt/jwt-status-list (its own
// keys, its own Token Status List), served from a local HTTP server: issuer metadata at
// /.well-known/jwt-vc-issuer/issuer, its JWKS, the type metadata at the vct URL, and the status list.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHeaderAndPayload, StatusList } from '@sd-jwt/jwt-status-list';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { nodeSigner } from '../../verifier/crypto/node-crypto.js';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

interface IssuerKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Es256PublicJwk;
}

function newKey(kid: string): IssuerKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

const es256 = (key: KeyObject) => async (data: string) => b64url(sign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }));

export const pidClaims = {
  given_name: 'Siti',
  family_name: 'Rahayu',
  address: { street: 'Jl. Merdeka 1', city: 'Bandung' },
  nationalities: ['ID', 'NL'],
};

export interface ExternalIssuer {
  origin: string;
  issuer: string;
  vct: string;
  statusUri: string;
  /** The key credentials are signed with now. */
  key: IssuerKey;
  /** Answers nothing while true (connections are dropped). */
  offline: boolean;
  /** Issues with the current key; `idx` is the credential's index in the status list. */
  issue(options: { holderJwk: Es256PublicJwk; idx: number; iat: number; exp: number }): Promise<string>;
  /** A new current key; the JWKS then lists both (old credentials stay verifiable). */
  rotate(): void;
  /** Sets a status in the list (1 revoked); the served token is re-signed. */
  setStatus(idx: number, status: number): void;
  /** The status list token's iat and ttl. */
  statusTiming: { iat: number; ttl: number };
  /** A shared-core Signer for the current key (the attack table re-signs altered payloads with it). */
  signer(): ReturnType<typeof nodeSigner>;
  requests: string[];
  close(): Promise<void>;
}

export async function startExternalIssuer(): Promise<ExternalIssuer> {
  const keys: IssuerKey[] = [newKey('key-1')];
  const list = new StatusList(new Array(64).fill(0), 2);
  const state = { offline: false };

  async function statusToken(): Promise<string> {
    const { header, payload } = createHeaderAndPayload(
      list,
      { iss: ext.issuer, sub: ext.statusUri, iat: ext.statusTiming.iat, ttl: ext.statusTiming.ttl },
      { alg: 'ES256', kid: ext.key.kid, typ: 'statuslist+jwt' },
    );
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${await es256(ext.key.privateKey)(input)}`;
  }

  const server: Server = createServer((req, res) => {
    if (state.offline) {
      req.socket.destroy();
      return;
    }
    ext.requests.push(req.url ?? '');
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (req.url) {
      case '/.well-known/jwt-vc-issuer/issuer':
        return json({ issuer: ext.issuer, jwks_uri: `${ext.origin}/jwks` });
      case '/jwks':
        return json({ keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, use: 'sig', alg: 'ES256' })) });
      case '/pid':
        return json({
          vct: ext.vct,
          name: 'Personal ID',
          display: [
            { lang: 'en-US', name: 'Personal ID', description: 'Identity data' },
            { lang: 'id-ID', name: 'Identitas Pribadi', description: 'Data identitas' },
          ],
          claims: [
            { path: ['given_name'], display: [{ lang: 'en', label: 'Given name' }, { lang: 'id', label: 'Nama depan' }], sd: 'always' },
            { path: ['family_name'], display: [{ lang: 'en', label: 'Family name' }], sd: 'always' },
            { path: ['address'], display: [{ lang: 'en', label: 'Address' }] },
            { path: ['address', 'street'], display: [{ lang: 'en', label: 'Street' }] },
            { path: ['address', 'city'], display: [{ lang: 'en', label: 'City' }] },
            { path: ['nationalities', null], display: [{ lang: 'en', label: 'Nationalities' }] },
          ],
        });
      case '/bad-type':
        return json({ vct: 'https://elsewhere.example/type', claims: [{ path: [] }] });
      case '/status/1':
        void statusToken().then((token) => {
          res.writeHead(200, { 'content-type': 'application/statuslist+jwt' });
          res.end(token);
        });
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const ext: ExternalIssuer = {
    origin,
    issuer: `${origin}/issuer`,
    vct: `${origin}/pid`,
    statusUri: `${origin}/status/1`,
    get key() {
      return keys[keys.length - 1]!;
    },
    get offline() {
      return state.offline;
    },
    set offline(value: boolean) {
      state.offline = value;
    },
    statusTiming: { iat: 0, ttl: 300 },
    requests: [],
    async issue({ holderJwk, idx, iat, exp }) {
      const key = ext.key;
      const sdjwt = new SDJwtVcInstance({
        signer: es256(key.privateKey),
        signAlg: 'ES256',
        hasher: (data: string | ArrayBuffer) => new Uint8Array(createHash('sha256').update(typeof data === 'string' ? data : Buffer.from(data)).digest()),
        hashAlg: 'sha-256',
        saltGenerator: (length: number) => randomBytes(length).toString('base64url'),
      });
      return sdjwt.issue(
        { iss: ext.issuer, iat, exp, vct: ext.vct, cnf: { jwk: holderJwk }, status: { status_list: { idx, uri: ext.statusUri } }, ...pidClaims },
        { _sd: ['given_name', 'family_name', 'address'], address: { _sd: ['street'] }, nationalities: { _sd: [0, 1] } } as never,
        { header: { typ: 'dc+sd-jwt', kid: key.kid } },
      );
    },
    rotate() {
      keys.push(newKey(`key-${keys.length + 1}`));
    },
    setStatus(idx, status) {
      list.setStatus(idx, status);
    },
    signer() {
      return nodeSigner(ext.key.privateKey);
    },
    async close() {
      state.offline = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return ext;
}
