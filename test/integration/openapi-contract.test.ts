// Property-based contract test of /openapi.json: every operation is driven through app.request() with inputs generated
// from its own schemas (valid and mutated, with and without each credential), and every response must be declared by
// the document (status, content type, body schema, required headers). Also: each path asked with a method it does not
// serve answers the shared 405 response. Counts are printed; the run fails on any undocumented response or any 5xx.
/* eslint-disable @typescript-eslint/no-explicit-any -- the document and bodies are read as plain JSON */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { BANK, citizenWithKtp, consentWorld, RS, shareWithHospital, type ConsentWorld } from '../support/consent.js';
import { ORIGIN } from '../support/presentation.js';
import { arbitraryOf, mutatedArbitraryOf, resolveRef, type ArbitraryOptions } from '../support/json-schema-arbitrary.js';

/** At least this many requests per run; FUZZ_REQUESTS raises it, FUZZ_SEED replays a run (the seed is printed). */
const MIN_REQUESTS = Math.max(5_000, Number(process.env.FUZZ_REQUESTS ?? 0));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  path: string;
  method: string;
  op: any;
}

interface Credential {
  name: string;
  /** The security schemes this credential satisfies. */
  schemes: string[];
  headers: (pathParams: Record<string, unknown>) => Record<string, string>;
}

interface Finding {
  operation: string;
  status: number;
  problem: string;
  request: string;
}

let w: ConsentWorld;
let doc: any;
let validate: (schema: unknown, value: unknown) => string | undefined;
let credentials: Credential[];
let hints: Record<string, readonly unknown[]>;
const findings: Finding[] = [];
const statusCounts = new Map<number, number>();
let requests = 0;

const essence = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Response schemas point at #/components/...: point them at the document registered in ajv instead. */
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema ?? true).replaceAll('"$ref":"#/', '"$ref":"openapi.json#/'));
}

function operations(): Operation[] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
}

/** The URL path; an empty segment would address another path (and Hono's not-found), so it becomes "-". */
function fillPath(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(params[name] ?? '')) || '-');
}

function formBody(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value ?? '');
  return new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
}

/** Everything one request needs, generated from the operation's parameters, body and the credential pool. */
function requestArbitrary(operation: Operation, options: ArbitraryOptions) {
  const parameters: any[] = operation.op.parameters ?? [];
  const byIn = (where: string) => parameters.filter((p) => p.in === where);
  const paramsArb = (list: any[], mutate: boolean) =>
    fc.record<Record<string, unknown>>(
      Object.fromEntries(list.map((p) => [p.name, mutate ? mutatedArbitraryOf(p.schema, options) : arbitraryOf(p.schema, options, 0, p.name)])),
      { requiredKeys: list.filter((p) => p.required).map((p) => p.name as string) as never[] },
    );
  const content: Record<string, any> = operation.op.requestBody?.content ?? {};
  const mediaTypes = Object.keys(content);
  const body =
    mediaTypes.length === 0
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...mediaTypes).chain((type) => arbitraryOf(content[type].schema, options).map((value) => ({ type, value, kind: 'valid' }))) },
          { weight: 3, arbitrary: fc.constantFrom(...mediaTypes).chain((type) => mutatedArbitraryOf(content[type].schema, options).map((value) => ({ type, value, kind: 'mutated' }))) },
          { weight: 1, arbitrary: fc.constantFrom('{"a":', '', 'null', '[]', '\u0000\u00ff', '{"a":1}{').map((raw) => ({ type: mediaTypes[0]!, value: raw, kind: 'raw' })) },
          // Over the 256 KiB body limit of the test app.
          { weight: 1, arbitrary: fc.constant({ type: mediaTypes[0]!, value: `"${'x'.repeat(300 * 1024)}"`, kind: 'raw' }) },
          { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/merge-patch+json').map((type) => ({ type, value: 'x=1', kind: 'raw' })) },
        );
  return fc.record({
    mutateParams: fc.nat(9).map((n) => n < 2),
    path: paramsArb(byIn('path'), false),
    mutatedPath: paramsArb(byIn('path'), true),
    query: fc.oneof(paramsArb(byIn('query'), false), paramsArb(byIn('query'), true)),
    body,
    credential: credentialArbitrary(operation),
  });
}

/** Mostly the credential the operation declares (so valid inputs reach the handler), else any other. */
function credentialArbitrary(operation: Operation): fc.Arbitrary<Credential> {
  const schemes = new Set((operation.op.security ?? []).flatMap((r: object) => Object.keys(r)));
  const fitting = credentials.filter((c) => c.schemes.some((s) => schemes.has(s)) || (schemes.size === 0 && c.name === 'none'));
  const any = fc.constantFrom(...credentials);
  return fitting.length === 0 ? any : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fitting) }, { weight: 2, arbitrary: any });
}

async function send(operation: Operation, input: any, app = w.t.app) {
  const pathParams = input.mutateParams ? { ...input.path, ...input.mutatedPath } : input.path;
  const query = new URLSearchParams(
    Object.entries(input.query as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  ).toString();
  const url = `${fillPath(operation.path, pathParams)}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { ...input.credential.headers(pathParams) };
  let body: string | undefined;
  if (input.body) {
    headers['content-type'] = input.body.type;
    body =
      input.body.kind === 'raw'
        ? String(input.body.value)
        : input.body.type === 'application/x-www-form-urlencoded'
          ? formBody(input.body.value)
          : (JSON.stringify(input.body.value) ?? '');
  }
  const res = await app.request(url, { method: operation.method.toUpperCase(), headers, ...(body === undefined ? {} : { body }) });
  return { res, described: `${operation.method.toUpperCase()} ${url} [${input.credential.name}] ${body === undefined ? '' : `${headers['content-type']} ${body.slice(0, 300)}`}` };
}

/** Checks one response against the operation's declared responses; records every departure. */
async function check(operationName: string, responses: Record<string, any>, res: Response, request: string): Promise<void> {
  requests++;
  statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
  const text = await res.text();
  const fail = (problem: string): void => void findings.push({ operation: operationName, status: res.status, problem: `${problem}; body ${text.slice(0, 300)}`, request });
  if (res.status >= 500) fail('server error');
  const declared = responses[String(res.status)] ?? responses.default;
  if (!declared) return fail('undeclared status');
  const response = resolveRef(declared, doc) as any;
  for (const [name, header] of Object.entries<any>(response.headers ?? {})) {
    const value = res.headers.get(name);
    if (header.required && value === null) fail(`missing header ${name}`);
    if (value !== null && header.schema?.type === 'integer' && !/^\d+$/.test(value)) fail(`header ${name} is not an integer: ${value}`);
  }
  const content: Record<string, any> | undefined = response.content;
  if (!content) {
    if (text.length > 0) fail('body on a response declared without content');
    return;
  }
  const type = essence(res.headers.get('content-type'));
  const media = content[type];
  if (!media) return fail(`undeclared content type ${type}`);
  if (!/json$/.test(type)) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('body is not JSON');
  }
  const error = validate(media.schema, value);
  if (error) fail(`body outside its schema: ${error}`);
}

async function setUp(): Promise<void> {
  w = await consentWorld();
  const holder = await citizenWithKtp(w);
  const shared = await shareWithHospital(w, holder);
  doc = await (await w.t.app.request('/openapi.json')).json();
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: rebase(doc.components) as object });
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  validate = (schema, value) => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(rebase(schema) as object);
      compiled.set(key, fn);
    }
    return fn(value) ? undefined : ajv.errorsText(fn.errors);
  };
  // The checker itself must be able to fail.
  expect(validate({ $ref: '#/components/schemas/Problem' }, { status: 'x' })).toBeDefined();
  const get = async (path: string, headers: Record<string, string>) => (await w.t.app.request(path, { headers })).json() as Promise<any>;
  const dukcapil = { authorization: `Bearer ${w.keys.dukcapil}` };
  const issued = (await get('/v1/agencies/dukcapil/credentials', dukcapil)).credentials ?? [];
  const passkeys = (await get('/v1/passkeys', { cookie: holder.citizen.cookie })).passkeys ?? [];
  const listIds = issued.map((c: any) => String(c.statusList?.uri ?? '').split('/').pop()).filter(Boolean);
  hints = {
    agencyId: [RS, 'dukcapil', BANK],
    typeId: ['ktp-el'],
    credentialType: ['ktp-el'],
    requestId: [shared.requestId],
    consentId: [shared.consentId],
    credentialId: issued.map((c: any) => c.credentialId),
    listId: listIds,
    id: passkeys.map((p: any) => p.id),
    purposeCode: ['patient_registration'],
  };
  const keyFor = (agencyId: unknown) => w.keys[String(agencyId)] ?? w.keys[RS]!;
  const session = { cookie: holder.citizen.cookie, origin: ORIGIN, 'x-sahih-csrf': holder.citizen.csrf };
  credentials = [
    { name: 'none', schemes: [], headers: () => ({}) },
    { name: 'admin', schemes: ['adminToken'], headers: () => ({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` }) },
    { name: 'api key of the path agency', schemes: ['agencyApiKey'], headers: (p) => ({ authorization: `Bearer ${keyFor(p.agencyId)}` }) },
    { name: 'api key of the hospital', schemes: ['agencyApiKey'], headers: () => ({ authorization: `Bearer ${w.keys[RS]}` }) },
    { name: 'wrong bearer', schemes: [], headers: () => ({ authorization: 'Bearer sahih_live_0000000000000000_wrong' }) },
    { name: 'session + csrf', schemes: ['walletSession', 'csrfToken'], headers: () => session },
    { name: 'session, no csrf', schemes: ['walletSession'], headers: () => ({ cookie: holder.citizen.cookie, origin: ORIGIN }) },
    { name: 'pre-session csrf', schemes: ['csrfToken'], headers: () => ({ origin: ORIGIN, 'x-sahih-csrf': '1' }) },
  ];
}

beforeAll(setUp, 60_000);
afterAll(async () => w?.t.close());

describe('/openapi.json contract', () => {
  it('answers every generated request with a documented response and never a 5xx', { timeout: 180_000 }, async () => {
    const ops = operations();
    // Signing out ends the shared session: last.
    ops.sort((a, b) => Number(a.method === 'delete' && a.path === '/v1/session') - Number(b.method === 'delete' && b.path === '/v1/session'));
    const numRuns = Math.ceil(MIN_REQUESTS / ops.length) + 5;
    const options: ArbitraryOptions = { root: doc, hints, maxDepth: 5 };
    const started = performance.now();
    for (const operation of ops) {
      const name = `${operation.method.toUpperCase()} ${operation.path}`;
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation, options), async (input) => {
          const { res, described } = await send(operation, input);
          await check(name, operation.op.responses, res, described);
        }),
        { numRuns, seed: SEED, endOnFailure: true },
      );
    }
    // A known path asked with a method it does not serve: the shared 405, with Allow.
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      const other = METHODS.find((m) => !(m in item))!;
      const url = fillPath(path, Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map(([, n]) => [n!, hints[n!]?.[0] ?? 'x'])));
      const res = await w.t.app.request(url, { method: other.toUpperCase() });
      expect(res.status, `${other} ${path}`).toBe(405);
      await check(`${other.toUpperCase()} ${path}`, { 405: { $ref: '#/components/responses/MethodNotAllowed' } }, res, `${other} ${url}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const byStatus = [...statusCounts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
    console.log(`openapi contract (FUZZ_SEED=${SEED}): ${requests} requests over ${ops.length} operations in ${seconds} s; ${findings.length} findings; statuses ${byStatus}`);
    const summary = [...new Map(findings.map((f) => [`${f.operation} ${f.status} ${f.problem.slice(0, 80)}`, f])).values()];
    for (const f of summary.slice(0, 40)) console.log(`  ${f.operation} -> ${f.status}: ${f.problem}\n     ${f.request}`);
    expect(summary.map((f) => `${f.operation} -> ${f.status}: ${f.problem.slice(0, 200)}`)).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  });

  it('answers 429 rate_limited with an integer Retry-After, as documented, once a budget is spent', { timeout: 120_000 }, async () => {
    const tight = { limit: 3, windowMs: 60_000 };
    const limited = await createTestApp({ rateLimits: { addressWrites: tight, addressReads: tight, accountWrites: tight, apiKey: tight, authFailures: tight } });
    try {
      const before = statusCounts.get(429) ?? 0;
      const findingsBefore = findings.length;
      const options: ArbitraryOptions = { root: doc, hints, maxDepth: 5 };
      for (const operation of operations()) {
        const name = `${operation.method.toUpperCase()} ${operation.path}`;
        await fc.assert(
          fc.asyncProperty(requestArbitrary(operation, options), async (input) => {
            const { res, described } = await send(operation, input, limited.app);
            await check(name, operation.op.responses, res, described);
          }),
          { numRuns: 6, seed: SEED },
        );
      }
      const tooMany = (statusCounts.get(429) ?? 0) - before;
      console.log(`openapi contract under tight rate limits: ${tooMany} answers 429`);
      expect(findings.slice(findingsBefore).map((f) => `${f.operation} -> ${f.status}: ${f.problem.slice(0, 200)}`)).toEqual([]);
      expect(tooMany).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
