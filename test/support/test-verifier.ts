// A verifier outside Sahih, built on @openid4vc/openid4vp 0.4.6 (the library Credo and Paradym use): its own HTTP
// server on its own localhost port (another origin than the wallet), request objects signed under
// `x509_san_dns:localhost` with a certificate from its own CA (not a trust anchor Sahih publishes, so Sahih's wallet
// shows it as unregistered), answers parsed and checked by the library against its DCQL query, KB-JWT nonce and
// audience checked, and a page on its own origin that a same-device answer sends the citizen back to.
import 'reflect-metadata';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createOpenid4vpAuthorizationRequest, parseOpenid4vpAuthorizationResponse } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/utils';
import { CompactSign, exportJWK } from 'jose';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const b64 = (cert: x509.X509Certificate) => Buffer.from(cert.rawData).toString('base64');

export interface VerifierOutcome {
  /** 'shared': the library parsed the answer against the query and every KB-JWT matched; 'declined': error=access_denied. */
  status: 'shared' | 'declined' | 'rejected';
  /** Credential query id -> the claim names the presentation disclosed. */
  disclosed?: Record<string, string[]>;
  error?: string;
}

export interface TestVerifier {
  url: string;
  /** A signed request by reference; `walletLink` is the wallet's same-device link, `openid4vpUri` what a QR code holds. */
  /**
   * `byValue`: the signed request object travels in the link (`request`); `requestUriMethod: 'post'`: the wallet POSTs
   * wallet_metadata and a wallet_nonce to request_uri and gets an object signed with that nonce (OpenID4VP 1.0 §5.10).
   */
  createRequest(options: { dcql: Record<string, unknown>; sameDevice?: boolean; clientName?: string; byValue?: boolean; requestUriMethod?: 'post'; wrongWalletNonce?: boolean }): Promise<{ id: string; openid4vpUri: string; walletLink: (walletUrl: string) => string }>;
  outcomes: Map<string, VerifierOutcome>;
  /** What wallets POSTed to request_uri (request_uri_method=post), by request id. */
  posted: Map<string, { walletNonce?: string; walletMetadata?: Record<string, unknown> }>;
  stop(): Promise<void>;
}

async function certificates() {
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(Date.now() + 24 * 3600_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Test Verifier CA (not Sahih)',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=Toko Contoh (test verifier)',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
  });
  return { x5c: [b64(leaf), b64(ca)], signingKey: leafKeys.privateKey, publicJwk: await exportJWK(leafKeys.publicKey) };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const decodeJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The claim names an SD-JWT presentation discloses, after checking its KB-JWT nonce and audience. */
function disclosedNames(presentation: string, expected: { nonce: string; audience: string }): string[] {
  const parts = presentation.split('~');
  const kb = parts.at(-1)!;
  const kbPayload = decodeJson(kb.split('.')[1]!);
  if (kbPayload.nonce !== expected.nonce || kbPayload.aud !== expected.audience) throw new Error('KB-JWT nonce or audience mismatch');
  return parts.slice(1, -1).map((d) => (JSON.parse(Buffer.from(d, 'base64url').toString('utf8')) as unknown[])[1]).filter((n): n is string => typeof n === 'string');
}

interface DcqlQueryShape {
  credentials: { id: string }[];
  credential_sets?: { options: string[][]; required?: boolean }[];
}

/** OpenID4VP 1.0 §6.4.2, written out here (not Sahih's code): each required set needs one option answered in full. */
function requireCredentialSets(query: DcqlQueryShape, answered: string[]): void {
  const sets = query.credential_sets ?? query.credentials.map((c) => ({ options: [[c.id]], required: true }));
  for (const set of sets) {
    if (set.required !== false && !set.options.some((option) => option.every((id) => answered.includes(id)))) throw new Error('a required credential set is not answered');
  }
  const known = new Set(query.credentials.map((c) => c.id));
  if (answered.some((id) => !known.has(id))) throw new Error('vp_token names an unknown credential query');
}

export async function startTestVerifier(): Promise<TestVerifier> {
  setGlobalConfig({ allowInsecureUrls: true });
  const { x5c, signingKey, publicJwk } = await certificates();
  const requests = new Map<string, { jwt: string; payload: Record<string, unknown>; sameDevice: boolean; wrongWalletNonce: boolean }>();
  const outcomes = new Map<string, VerifierOutcome>();
  const posted = new Map<string, { walletNonce?: string; walletMetadata?: Record<string, unknown> }>();
  let url = '';

  /** The stored request object again, with the wallet's nonce in its payload, signed afresh (§5.10). */
  async function signedWithWalletNonce(jwt: string, walletNonce: string | undefined): Promise<string> {
    if (walletNonce === undefined) return jwt;
    const [header, payload] = jwt.split('.').slice(0, 2).map(decodeJson);
    return new CompactSign(new TextEncoder().encode(JSON.stringify({ ...payload, wallet_nonce: walletNonce })))
      .setProtectedHeader(header as never)
      .sign(signingKey);
  }

  const send = (res: ServerResponse, status: number, type: string, text: string) => {
    res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
    res.end(text);
  };

  async function answer(id: string, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
    const request = requests.get(id);
    if (!request) return { status: 404, json: { error: 'invalid_request' } };
    const back = request.sameDevice ? { redirect_uri: `${url}/done?response_code=${id}` } : {};
    if (form.error) {
      outcomes.set(id, { status: 'declined', error: form.error });
      return { status: 200, json: back };
    }
    try {
      const parsed = await parseOpenid4vpAuthorizationResponse({
        authorizationResponse: form,
        authorizationRequestPayload: request.payload as never,
        callbacks: { decryptJwe: () => Promise.reject(new Error('not used')), verifyJwt: () => Promise.reject(new Error('not used')) } as never,
      });
      if (parsed.type !== 'dcql') throw new Error('not a DCQL answer');
      // The library leaves checking presentations against the query to its caller: required credential sets here.
      requireCredentialSets(request.payload.dcql_query as DcqlQueryShape, Object.keys(parsed.dcql.presentations));
      const disclosed: Record<string, string[]> = {};
      for (const [queryId, entries] of Object.entries(parsed.dcql.presentations)) {
        const list = (Array.isArray(entries) ? entries : [entries]) as unknown[];
        disclosed[queryId] = list.flatMap((p) => disclosedNames(p as string, { nonce: request.payload.nonce as string, audience: request.payload.client_id as string }));
      }
      outcomes.set(id, { status: 'shared', disclosed });
      return { status: 200, json: back };
    } catch (error) {
      outcomes.set(id, { status: 'rejected', error: (error as Error).message });
      return { status: 400, json: { error: 'invalid_request' } };
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'OPTIONS') return send(res, 204, 'text/plain', '');
      const requestMatch = /^\/request\/([\w-]+)$/.exec(path);
      if (req.method === 'GET' && requestMatch) {
        const stored = requests.get(requestMatch[1]!);
        return stored ? send(res, 200, 'application/oauth-authz-req+jwt', stored.jwt) : send(res, 404, 'text/plain', 'not found');
      }
      if (req.method === 'POST' && requestMatch) {
        const stored = requests.get(requestMatch[1]!);
        if (!stored) return send(res, 404, 'text/plain', 'not found');
        const form = new URLSearchParams(await body(req));
        const walletNonce = form.get('wallet_nonce') ?? undefined;
        const metadata = form.get('wallet_metadata');
        posted.set(requestMatch[1]!, { ...(walletNonce ? { walletNonce } : {}), ...(metadata ? { walletMetadata: JSON.parse(metadata) as Record<string, unknown> } : {}) });
        return send(res, 200, 'application/oauth-authz-req+jwt', await signedWithWalletNonce(stored.jwt, stored.wrongWalletNonce ? 'not-the-wallets-nonce' : walletNonce));
      }
      const responseMatch = /^\/response\/([\w-]+)$/.exec(path);
      if (req.method === 'POST' && responseMatch) {
        const form = Object.fromEntries(new URLSearchParams(await body(req)));
        const { status, json } = await answer(responseMatch[1]!, form);
        return send(res, status, 'application/json', JSON.stringify(json));
      }
      if (req.method === 'GET' && path === '/done') return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><title>Toko Contoh</title><h1>Terima kasih dari Toko Contoh</h1>');
      send(res, 404, 'text/plain', 'not found');
    })().catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  server.listen(0, 'localhost');
  await once(server, 'listening');
  url = `http://localhost:${(server.address() as AddressInfo).port}`;

  return {
    url,
    outcomes,
    posted,
    async createRequest({ dcql, sameDevice = false, clientName, byValue = false, requestUriMethod, wrongWalletNonce = false }) {
      const id = randomUUID();
      const created = await createOpenid4vpAuthorizationRequest({
        authorizationRequestPayload: {
          response_type: 'vp_token',
          client_id: 'x509_san_dns:localhost',
          response_mode: 'direct_post',
          response_uri: `${url}/response/${id}`,
          nonce: randomUUID(),
          state: randomUUID(),
          dcql_query: dcql,
          client_metadata: { ...(clientName ? { client_name: clientName } : {}), vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] } } },
        },
        jar: { ...(byValue ? {} : { requestUri: `${url}/request/${id}` }), jwtSigner: { method: 'x5c', x5c, alg: 'ES256' }, expiresInSeconds: 600 },
        callbacks: {
          signJwt: async (_signer, jwt) => {
            const compact = await new CompactSign(new TextEncoder().encode(JSON.stringify(jwt.payload)))
              .setProtectedHeader({ ...jwt.header, alg: 'ES256', x5c } as never)
              .sign(signingKey);
            return { jwt: compact, signerJwk: publicJwk as never };
          },
          encryptJwe: () => Promise.reject(new Error('not used')),
        },
      });
      const jwt = created.jar!.authorizationRequestJwt;
      requests.set(id, { jwt, payload: created.authorizationRequestPayload as Record<string, unknown>, sameDevice, wrongWalletNonce });
      const params = byValue
        ? `client_id=${encodeURIComponent('x509_san_dns:localhost')}&request=${jwt}`
        : `client_id=${encodeURIComponent('x509_san_dns:localhost')}&request_uri=${encodeURIComponent(`${url}/request/${id}`)}${requestUriMethod ? `&request_uri_method=${requestUriMethod}` : ''}`;
      return { id, openid4vpUri: created.authorizationRequest, walletLink: (walletUrl) => `${walletUrl}/present?${params}` };
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
