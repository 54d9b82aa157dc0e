// `npm run witness -- <service URL> [--key <verifier key>] [--state <file>] [--watch <seconds> --times <n>]`:
// checks the log's newest checkpoint against the last one this witness saw; exit code 2 on rollback or split view.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { witnessOnce, type WitnessOutcome, type WitnessState } from '../log/witness.js';

const ALARMS = new Set<WitnessOutcome['status']>(['rollback', 'split_view', 'key_changed', 'bad_signature']);

function describe(o: WitnessOutcome): string {
  switch (o.status) {
    case 'first_seen':
      return `first checkpoint seen: size ${o.size}, root ${o.root} (key pinned)`;
    case 'unchanged':
      return `unchanged at size ${o.size}`;
    case 'consistent':
      return `consistent: size ${o.from} -> ${o.to}`;
    case 'rollback':
      return `ALARM rollback: the log shrank from ${o.from} to ${o.to} entries`;
    case 'split_view':
      return `ALARM split view at size ${o.size}: ${o.detail}`;
    case 'key_changed':
      return `ALARM the log is signed by another key: expected ${o.expected}, served ${o.served}`;
    case 'bad_signature':
      return `ALARM checkpoint signature: ${o.detail}`;
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      state: { type: 'string' },
      watch: { type: 'string' },
      times: { type: 'string' },
    },
  });
  const baseUrl = positionals[0];
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) {
    console.error('usage: npm run witness -- <service URL> [--key <verifier key>] [--state <file>] [--watch <seconds> --times <n>]');
    return 1;
  }
  const statePath = values.state ?? join('data', 'witness', `${new URL(baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
  const interval = values.watch ? Number(values.watch) : 0;
  const times = values.times ? Number(values.times) : interval ? Infinity : 1;
  let alarm = false;
  for (let i = 0; i < times; i++) {
    const previous = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as WitnessState) : undefined;
    const { outcome, state, rotatedFrom } = await witnessOnce({ baseUrl, ...(values.key ? { expectedKey: values.key } : {}), ...(previous ? { previous } : {}) });
    console.log(`${new Date().toISOString()} ${describe(outcome)}`);
    if (rotatedFrom && state) console.log(`log key rotated by a statement signed by the pinned key: now pinned ${state.verifierKey}`);
    if (ALARMS.has(outcome.status)) alarm = true;
    else if (state) {
      mkdirSync(dirname(statePath), { recursive: true });
      writeFileSync(statePath, JSON.stringify(state, null, 2));
    }
    if (i + 1 < times) await new Promise((r) => setTimeout(r, interval * 1000));
  }
  return alarm ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`witness: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
