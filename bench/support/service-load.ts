// Shared by the service benchmarks (verify-api, postgres): a bound KTP-el from the running service, 10-disclosure
// presentations with distinct nonces, the in-process verify reference, and a keep-alive HTTP load generator that
// records every latency.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Es256PublicJwk } from '../../shared/crypto/types.js';
import { presentSdJwt } from '../../shared/sdjwt/present.js';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import { createNodeCryptoProvider } from '../../verifier/crypto/node-crypto.js';
import { registerCitizen } from '../../test/support/citizen.js';
import { holderKey, runIssuance, type HolderKey, type Requester } from '../../test/support/issuance.js';
import type { RunningService } from '../../test/support/service.js';
import { measure, type Measurement } from '../lib.js';

/** The origin test/support/citizen.ts signs passkey ceremonies for: start services with WEBAUTHN_ORIGINS set to it. */
export const CEREMONY_ORIGIN = 'http://localhost:3000';
export const VERIFY_AUDIENCE = 'https://bank-nusantara.demo.sahih.id/kyc';
export const VERIFY_AGENCY = 'bank-nusantara';
export const VERIFY_PURPOSE = 'account_opening';

/** The 10 paths presented: the five top-level claims account_opening allows, and the address's five members. */
export const DISCLOSED_PATHS = [
  ['nik'],
  ['name'],
  ['birth_place'],
  ['birth_date'],
  ['address'],
  ['address', 'street_address'],
  ['address', 'village'],
  ['address', 'district'],
  ['address', 'locality'],
  ['address', 'region'],
];

/** Test data only (fictional person, `Testdata` markers as in test/support/issuance.ts). */
export const benchKtpClaims = {
  nik: '3273015708900077',
  name: 'Kartika Wulandari Testdata',
  birth_place: 'Kabupaten Sumedangtest',
  birth_date: '1990-08-17',
  address: {
    street_address: 'Jl. Cempaka Putih Raya No. 77 RT 003/RW 009',
    village: 'Cempaka Putihtest',
    district: 'Cibeunyingtest',
    locality: 'Kota Bandungtest',
    region: 'Jawa Barat',
  },
};

import { demoKey } from '../../test/support/demo-keys.js';

export { demoKey };

export const fetchRequester = (baseUrl: string): Requester => (path, init) => fetch(`${baseUrl}${path}`, init);

export interface BoundCredential {
  sdJwt: string;
  holder: HolderKey;
  accountId: string;
}

/** A citizen account (software passkey) and a KTP-el issued by the demo Dukcapil with the holder key bound to it. */
export async function issueBoundKtp(svc: RunningService): Promise<BoundCredential> {
  return (await issueBoundKtps(svc, 1))[0]!;
}

/**
 * `count` KTP-el credentials, each with its own holder key, all bound to one citizen account (a wallet holds one key
 * per credential): presentations from many holders, as a service sees them, not one key over and over.
 */
export async function issueBoundKtps(svc: RunningService, count: number): Promise<BoundCredential[]> {
  const request = fetchRequester(svc.url);
  const citizen = await registerCitizen(request, 'Bench');
  const withCookie: Requester = (path, init) =>
    request(path, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: citizen.cookie } });
  const out: BoundCredential[] = [];
  for (let i = 0; i < count; i++) {
    const holder = holderKey();
    const { sdJwt } = await runIssuance({
      request: withCookie,
      agencyId: 'dukcapil',
      apiKey: demoKey(svc.output(), 'dukcapil'),
      offer: { credentialType: 'ktp-el', claims: benchKtpClaims },
      holder,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      issuerUrl: `${svc.url}/issuers/dukcapil`,
    });
    out.push({ sdJwt, holder, accountId: citizen.accountId });
  }
  return out;
}

export interface PreparedPresentation {
  nonce: string;
  presentation: string;
  /** The JSON body of POST /v1/verify. */
  body: string;
}

const presenterCrypto = createNodeCryptoProvider();

/** One presentation of the credential with a nonce never used before (the service spends each nonce once). */
export async function freshPresentation(cred: BoundCredential): Promise<PreparedPresentation> {
  const nonce = `bench-${randomBytes(12).toString('base64url')}`;
  const presentation = await presentSdJwt({
    sdJwt: cred.sdJwt,
    crypto: presenterCrypto,
    disclose: DISCLOSED_PATHS,
    keyBinding: { signer: cred.holder.signer, audience: VERIFY_AUDIENCE, nonce, issuedAt: Math.floor(Date.now() / 1000) },
  });
  return { nonce, presentation, body: JSON.stringify({ presentation, nonce, audience: VERIFY_AUDIENCE, purposeCode: VERIFY_PURPOSE }) };
}

/** The issuer key the service publishes for Dukcapil (its JWT VC issuer metadata). */
export async function issuerKeys(svc: RunningService): Promise<{ iss: string; keys: (Es256PublicJwk & { kid?: string })[] }> {
  const res = await fetch(`${svc.url}/.well-known/jwt-vc-issuer/issuers/dukcapil`);
  const metadata = (await res.json()) as { issuer: string; jwks: { keys: (Es256PublicJwk & { kid?: string })[] } };
  return { iss: metadata.issuer, keys: metadata.jwks.keys };
}

/**
 * Reference: `verifySdJwtVc` in this process on the same presentations (node:crypto provider, one core), issuer key
 * resolved from the published JWKS, audience and nonce checked; no status list fetch (the service's checker caches
 * the list, so its cost per request is a lookup).
 */
export async function inProcessVerifyRate(svc: RunningService, presentations: PreparedPresentation[], durationMs: number): Promise<Measurement> {
  const { iss, keys } = await issuerKeys(svc);
  const crypto = createNodeCryptoProvider();
  return measure(
    'in-process verifySdJwtVc',
    async (i) => {
      const p = presentations[i % presentations.length]!;
      const result = await verifySdJwtVc({
        token: p.presentation,
        crypto,
        resolveIssuerKey: ({ iss: i2, kid }) => (i2 === iss ? keys.find((k) => k.kid === kid) ?? keys[0] : undefined),
        now: () => Math.floor(Date.now() / 1000),
        expectedAudience: VERIFY_AUDIENCE,
        expectedNonce: p.nonce,
      });
      if (!result.ok) throw new Error(`reference verify rejected the presentation: ${result.code}`);
    },
    { durationMs },
  );
}

export interface LoadRequest {
  /** Index of the target base URL to send to. */
  target: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * `connections` workers, each sending one request at a time over keep-alive sockets (one Agent per target with
 * maxSockets = connections), for `durationMs`. `check(status, body)` returns an error text or undefined; every
 * request's latency is recorded. Requests in flight at the deadline complete and count.
 */
export async function runLoad(options: {
  targets: string[];
  connections: number;
  durationMs: number;
  warmupMs?: number;
  /** The next request; may be built asynchronously (it is awaited before its latency clock starts). */
  next: (i: number, worker: number) => LoadRequest | Promise<LoadRequest>;
  check: (status: number, body: string) => string | undefined;
}): Promise<LoadResult> {
  const agents = options.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: options.connections }));
  const urls = options.targets.map((t) => new URL(t));
  const send = (r: LoadRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = urls[r.target]!;
      const headers = { ...r.headers, ...(r.body !== undefined ? { 'content-length': String(Buffer.byteLength(r.body)) } : {}) };
      const req = http.request(
        { host: url.hostname, port: url.port, path: r.path, method: r.method, headers, agent: agents[r.target] },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });

  let counter = 0;
  const phase = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const stopAt = performance.now() + ms;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: options.connections }, async (_, worker) => {
        while (performance.now() < stopAt) {
          const r = await options.next(counter++, worker);
          const t = performance.now();
          let problem: string | undefined;
          try {
            const res = await send(r);
            problem = options.check(res.status, res.body);
          } catch (error) {
            problem = String(error);
          }
          if (!record) continue;
          latencies.push(performance.now() - t);
          if (problem !== undefined) {
            errors++;
            firstError ??= problem;
          }
        }
      }),
    );
    return { latencies, errors, firstError, elapsedMs: performance.now() - start };
  };
  try {
    await phase(options.warmupMs ?? 1000, false);
    const { latencies, errors, firstError, elapsedMs } = await phase(options.durationMs, true);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
    return {
      requests: latencies.length,
      errors,
      firstError,
      elapsedMs,
      perSecond: (latencies.length / elapsedMs) * 1000,
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    };
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

/** Peak resident set (VmHWM) of another process, MiB; NaN when it cannot be read. */
export function processPeakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, seconds, from /proc/<pid>/stat; NaN when unreadable. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5), counted from the state field)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** 1-minute load average over the core count, for the text (other work on the machine skews absolute figures). */
export function machineLoad(): string {
  try {
    const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return one ?? '?';
  } catch {
    return '?';
  }
}

export const verifyCheck = (status: number, body: string): string | undefined => {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (!body.startsWith('{"valid":true')) return `verdict: ${body.slice(0, 200)}`;
  return undefined;
};
