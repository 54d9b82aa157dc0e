// Hot-path queries built and compiled once per dialect, then run with fresh parameters. Kysely builds an operation
// tree and compiles it to SQL on every call; for the few statements every verification runs, that costs more than
// SQLite takes to execute them (verify API profile, BENCHMARKS.md). The query is still written with the builder, so
// it stays type-checked and dialect-neutral; only the per-call rebuilding goes.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Stands in for argument i while the query is compiled; found again among the compiled parameters. */
const MARK = '\u{10FFFF}compiled-once:';
const placeholder = (i: number) => `${MARK}${i}`;
const argumentIndex = (p: unknown) => (typeof p === 'string' && p.startsWith(MARK) ? Number(p.slice(MARK.length)) : undefined);

interface Template {
  compiled: CompiledQuery;
  /** For each compiled parameter: the index of the argument it takes, or the constant the builder put there. */
  slots: ({ arg: number } | { value: unknown })[];
}

/**
 * `build` receives placeholders instead of the arguments and must use each one as a plain value (a comparison or an
 * inserted value), never in logic that inspects it. Compiled separately per dialect adapter (SQLite, PostgreSQL); a
 * transaction shares its database's adapter, so it reuses the same template.
 */
export function compiledOnce<DB, Args extends unknown[], Row>(build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>) {
  const templates = new WeakMap<object, Template>();
  const template = (db: Kysely<DB>, arity: number): Template => {
    const adapter = db.getExecutor().adapter;
    let found = templates.get(adapter);
    if (!found) {
      const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as Args;
      const compiled = build(db, ...args).compile();
      const slots = compiled.parameters.map((p) => {
        const arg = argumentIndex(p);
        return arg === undefined ? { value: p } : { arg };
      });
      const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      if (used.size !== arity) throw new Error(`compiledOnce: the query uses ${used.size} of its ${arity} arguments as parameters`);
      templates.set(adapter, (found = { compiled, slots }));
    }
    return found;
  };
  return async (db: Kysely<DB>, ...args: Args): Promise<QueryResult<Row>> => {
    const { compiled, slots } = template(db, args.length);
    const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return db.executeQuery<Row>({ ...compiled, parameters } as CompiledQuery<Row>);
  };
}
