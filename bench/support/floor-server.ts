// The verify API's floor, for the verify-api benchmark: the least a POST /v1/verify with durable recording can do in
// Node on this machine. node:http with no framework, JSON, the API key hashed, `verifySdJwtVc` (as the reference),
// the nonce checked and spent, the event, its leaf and a signed checkpoint per group commit written with prepared
// statements to SQLite (WAL, synchronous=FULL), and the verdict with the claims back. Left out on purpose: schema
// validation, security headers, request ids, registry and consent lookups, holder binding, the Merkle tree's
// nodes and inclusion proofs — everything the service adds beyond the bare work. Run as a child process:
// `node --import tsx bench/support/floor-server.ts` with FLOOR_CONFIG (JSON) in the environment; prints "ready".
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import http from 'node:http';
import BetterSqlite3 from 'better-sqlite3';
import type { PublicJwk } from '../../shared/crypto/types.js';
import { verifySdJwtVc } from '../../shared/sdjwt/verify.js';
import { createNodeCryptoProvider } from '../../verifier/crypto/node-crypto.js';

export interface FloorConfig {
  port: number;
  dbPath: string;
  issuer: string;
  keys: (PublicJwk & { kid?: string })[];
  audience: string;
}

interface Pending {
  nonceHash: string;
  event: [id: string, purpose: string, occurredAt: number, salt: string, body: string];
  leaf: Buffer;
  done: (receipt: { leafIndex: number; treeSize: number }) => void;
  fail: (error: unknown) => void;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

function openDatabase(path: string) {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    create table nonces (nonce_hash text primary key, created_at integer not null);
    create table events (id text primary key, leaf_index integer not null, purpose text, occurred_at integer, salt text, body text);
    create table leaves (leaf_index integer primary key, hash blob not null);
    create table checkpoints (size integer primary key, note text not null);`);
  return {
    used: db.prepare('select 1 from nonces where nonce_hash = ?').pluck(),
    claim: db.prepare('insert into nonces values (?, ?) on conflict do nothing'),
    event: db.prepare('insert into events values (?, ?, ?, ?, ?, ?)'),
    leaf: db.prepare('insert into leaves values (?, ?)'),
    checkpoint: db.prepare('insert into checkpoints values (?, ?)'),
    transaction: <T>(fn: () => T) => db.transaction(fn)(),
  };
}

function serve(config: FloorConfig): void {
  const crypto = createNodeCryptoProvider();
  const db = openDatabase(config.dbPath);
  const logKey = generateKeyPairSync('ed25519').privateKey;
  const apiKeyHash = sha256('Bearer floor');
  let size = 0;
  let queue: Pending[] = [];
  let scheduled = false;

  // Group commit, as the service does: appends that arrive within one event-loop turn share a transaction.
  const commit = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const start = size;
    try {
      db.transaction(() => {
        for (const [i, p] of batch.entries()) {
          if (db.claim.run(p.nonceHash, Date.now()).changes !== 1) throw new Error('nonce reused');
          db.event.run(p.event[0], start + i, ...p.event.slice(1));
          db.leaf.run(start + i, p.leaf);
        }
        const root = sha256(Buffer.concat(batch.map((p) => p.leaf)));
        const note = `floor\n${start + batch.length}\n${root.toString('base64')}\n`;
        db.checkpoint.run(start + batch.length, `${note}\n${sign(null, Buffer.from(note), logKey).toString('base64')}`);
      });
      size = start + batch.length;
      batch.forEach((p, i) => p.done({ leafIndex: start + i, treeSize: size }));
    } catch (error) {
      for (const p of batch) p.fail(error);
    }
  };
  const append = (p: Omit<Pending, 'done' | 'fail'>) =>
    new Promise<{ leafIndex: number; treeSize: number }>((done, fail) => {
      queue.push({ ...p, done, fail });
      if (!scheduled) {
        scheduled = true;
        setImmediate(commit);
      }
    });

  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = async (req: http.IncomingMessage, body: string, res: http.ServerResponse) => {
    if (!sha256(req.headers.authorization ?? '').equals(apiKeyHash)) return reply(res, 401, { code: 'unauthorized' });
    const input = JSON.parse(body) as { presentation: string; nonce: string; audience: string; purposeCode: string };
    const result = await verifySdJwtVc({
      token: input.presentation,
      crypto,
      resolveIssuerKey: ({ iss, kid }) => (iss === config.issuer ? (config.keys.find((k) => k.kid === kid) ?? config.keys[0]) : undefined),
      now: () => Math.floor(Date.now() / 1000),
      expectedAudience: input.audience,
      expectedNonce: input.nonce,
    });
    if (!result.ok) return reply(res, 200, { valid: false, code: result.code });
    const nonceHash = sha256(input.nonce).toString('base64url');
    if (db.used.get(nonceHash)) return reply(res, 409, { code: 'nonce_reused' });
    const eventId = randomUUID();
    const occurredAt = Math.floor(Date.now() / 1000);
    const text = JSON.stringify({ v: 1, eventId, kind: 'direct_verification', occurredAt, purpose: input.purposeCode, dataItems: result.disclosedPaths.map((p) => p.join('.')) });
    const salt = randomBytes(16);
    const leaf = sha256(Buffer.concat([Buffer.from([0]), sha256(Buffer.concat([salt, Buffer.from(text)]))]));
    const receipt = await append({ nonceHash, event: [eventId, input.purposeCode, occurredAt, salt.toString('base64url'), text], leaf });
    reply(res, 200, { valid: true, claims: result.claims, receipt });
  };

  http
    .createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        handle(req, Buffer.concat(chunks).toString('utf8'), res).catch((error: unknown) => reply(res, 500, { code: 'internal', detail: String(error) }));
      });
    })
    .listen(config.port, 'localhost', () => process.stdout.write('ready\n'));
}

if (process.env.FLOOR_CONFIG) serve(JSON.parse(process.env.FLOOR_CONFIG) as FloorConfig);
