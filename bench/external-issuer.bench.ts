// The verification pipeline for an issuer outside Sahih vs a hosted one, warm caches: the service's
// verifyPresentation (credential core, trust decision, status) in-process on presentations of the same size (6
// disclosures plus KB-JWT, a status list each), the external issuer made with @sd-jwt/sd-jwt-vc and served over
// local HTTP (keys and status list read once, then from the caches). Target: external ≥ 0.9x hosted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectSdJwt } from '../shared/sdjwt/present.js';
import { createApp } from '../verifier/app.js';
import { createLogger } from '../verifier/logger.js';
import { openTransparencyLog } from '../verifier/log/open.js';
import { presentationDepsFrom } from '../verifier/presentation/deps.js';
import { verifyPresentation } from '../verifier/presentation/verify-presentation.js';
import { seedDemo } from '../verifier/registry/demo-seed.js';
import { createSealer } from '../verifier/registry/sealer.js';
import { registryDepsFrom } from '../verifier/routes/deps.js';
import { openSqliteStore } from '../verifier/store/sqlite.js';
import { createExternalTrust } from '../verifier/trust/external-trust.js';
import { startExternalIssuer } from '../test/support/external-issuer.js';
import { dukcapilClaims, holderKey, jsonInit, runIssuance, type Requester } from '../test/support/issuance.js';
import { crypto, present } from '../test/support/presentation.js';
import { formatOps, markdownTable, measure, type BenchSection, type Measurement } from './lib.js';

const ORIGIN = 'http://localhost:3000';
const KEK = 'YmVuY2gta2VrLWZvci1zYWhpaC1iZW5jaG1hcmtzISE';
const ADMIN = 'bench-admin-token-0123456789abcdef0123456789';
const AUD = 'https://bank-nusantara.demo.sahih.id/kyc';
const PRESENTATIONS = 300;
const DURATION_MS = Number(process.env.BENCH_EXTERNAL_MS ?? 2000);
const ROUNDS = 3;
const TARGET = 0.9;
const externalIssuers = { allowLocal: true, keyRefreshSeconds: 3600, statusMaxStaleSeconds: 3600, fetchTimeoutMs: 2000 };

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'sahih-bench-ext-'));
  const ext = await startExternalIssuer();
  const store = await openSqliteStore({ path: join(dir, 'sahih.db') });
  try {
    const transparency = await openTransparencyLog({ store, sealer: createSealer(KEK), publicUrl: ORIGIN });
    const config = { publicUrl: ORIGIN, bodyLimitBytes: 256 * 1024, keyEncryptionKey: KEK, adminToken: ADMIN, externalIssuers };
    const app = createApp({ config, store, logger: createLogger({ level: 'silent' }), transparency });
    const request: Requester = async (path, init) => app.request(path, init);
    const ctx = registryDepsFrom({ config, store }).ctx;
    const keys = await seedDemo(ctx);
    const admin = (path: string, body: unknown) => request(path, jsonInit(body, { authorization: `Bearer ${ADMIN}` }));
    if ((await admin('/v1/admin/external-issuers', { issuer: ext.issuer, name: 'Bench issuer' })).status !== 201) throw new Error('external issuer not registered');
    if ((await admin('/v1/admin/external-credential-types', { id: 'eu-pid', vct: ext.vct, issuers: [ext.issuer] })).status !== 201) throw new Error('external type not registered');

    const now = () => Math.floor(Date.now() / 1000);
    ext.statusTiming.iat = now() - 10;
    const holder = holderKey();
    const hosted = (await runIssuance({ request, agencyId: 'dukcapil', apiKey: keys.dukcapil!, offer: { credentialType: 'ktp-el', claims: dukcapilClaims }, holder, nowSeconds: now, issuerUrl: `${ORIGIN}/issuers/dukcapil` })).sdJwt;
    const external = await ext.issue({ holderJwk: holder.publicJwk, idx: 1, iat: now() - 10, exp: now() + 86_400 });

    // Six disclosures each: all of the external credential's, the first six top-level claims of the KTP-el.
    const externalPaths = (await inspectSdJwt(external, crypto)).disclosable.map((d) => [...d.path]);
    const hostedPaths = (await inspectSdJwt(hosted, crypto)).disclosable.filter((d) => d.path.length === 1).slice(0, externalPaths.length).map((d) => [...d.path]);
    const prepare = async (sdJwt: string, disclose: (string | number)[][], tag: string) =>
      Promise.all(
        Array.from({ length: PRESENTATIONS }, async (_, i) => {
          const nonce = `${tag}-${i}`;
          return { nonce, presentation: await present({ sdJwt, holder, disclose, audience: AUD, nonce, issuedAt: now() }) };
        }),
      );
    const sets = { hosted: await prepare(hosted, hostedPaths, 'h'), external: await prepare(external, externalPaths, 'x') };
    const deps = presentationDepsFrom(ctx, transparency, createExternalTrust(ctx, externalIssuers));
    const once = (set: { nonce: string; presentation: string }[]) => async (i: number) => {
      const p = set[i % set.length]!;
      await verifyPresentation(deps, p.presentation, { nonce: p.nonce, audience: AUD });
    };
    // Warm caches (keys, status lists, registry rows) and check both verify.
    await once(sets.hosted)(0);
    await once(sets.external)(0);

    const runs: Record<'hosted' | 'external', Measurement[]> = { hosted: [], external: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.hosted.push(await measure('hosted', once(sets.hosted), { durationMs: DURATION_MS }));
      runs.external.push(await measure('external', once(sets.external), { durationMs: DURATION_MS }));
    }
    const best = (ms: Measurement[]) => ms.reduce((a, b) => (b.opsPerSecond > a.opsPerSecond ? b : a));
    const h = best(runs.hosted);
    const x = best(runs.external);
    const ratio = x.opsPerSecond / h.opsPerSecond;
    const rows = [
      ['hosted issuer (dukcapil, KTP-el; keys and status list in-process)', formatOps(h.opsPerSecond), `${h.meanMicros.toFixed(0)} µs`, '1.00x'],
      ['issuer outside Sahih (@sd-jwt/sd-jwt-vc, keys and status list over HTTP, cached)', formatOps(x.opsPerSecond), `${x.meanMicros.toFixed(0)} µs`, `${ratio.toFixed(2)}x`],
    ];
    const markdown = [
      `The service's verification pipeline (\`verifyPresentation\`: credential core, trust decision, status) in-process, one core,`,
      `${PRESENTATIONS} prepared presentations per issuer with ${externalPaths.length} disclosures and a KB-JWT, best of ${ROUNDS} interleaved`,
      `${DURATION_MS / 1000} s runs after the caches are warm. The external issuer is made only with \`@sd-jwt/sd-jwt-vc\` and serves its`,
      'metadata, JWKS and Token Status List from a local HTTP server; after the first verification neither is fetched again',
      `(key refresh ${externalIssuers.keyRefreshSeconds} s, status list ttl 300 s). Target: at least ${TARGET}x the hosted rate.`,
      '',
      markdownTable(['verifyPresentation, warm caches', 'per s', 'mean', 'vs hosted'], rows),
      '',
      `Result: ${ratio.toFixed(2)}x (${ratio >= TARGET ? 'meets' : 'misses'} the ${TARGET}x target). HTTP requests the external issuer served during the run: ${ext.requests.length}.`,
    ].join('\n');
    return { title: 'External issuer vs hosted issuer: verification with warm caches', markdown };
  } finally {
    await store.close();
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
