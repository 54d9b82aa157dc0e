// Benchmark helpers shared by every bench/*.bench.ts module: timed loops after warm-up, ops/s, peak RSS, markdown.

import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly name: string;
  readonly iterations: number;
  readonly elapsedMs: number;
  readonly opsPerSecond: number;
  /** Mean time per operation, microseconds. */
  readonly meanMicros: number;
}

export interface MeasureOptions {
  /** Untimed run-in so the JIT and caches settle (default 300 ms). */
  warmupMs?: number;
  /** Timed duration (default 2000 ms); ignored when `iterations` is set. */
  durationMs?: number;
  /** Run exactly this many timed iterations instead of a duration. */
  iterations?: number;
}

/**
 * Runs `op(i)` repeatedly (awaiting it only when it returns a promise) for a warm-up, then for the timed budget.
 * `i` counts up across warm-up and timed runs so callers can cycle through prepared inputs.
 */
export async function measure(
  name: string,
  op: (i: number) => unknown,
  options: MeasureOptions = {},
): Promise<Measurement> {
  let i = 0;
  const runFor = async (ms: number, maxIterations = Number.POSITIVE_INFINITY): Promise<number> => {
    const start = performance.now();
    let done = 0;
    // Check the clock every 16 ops so timer calls do not dominate fast operations.
    while (done < maxIterations) {
      for (let batch = 0; batch < 16 && done < maxIterations; batch++, done++) {
        const result = op(i++);
        if (result instanceof Promise) await result;
      }
      if (performance.now() - start >= ms) break;
    }
    return done;
  };
  await runFor(options.warmupMs ?? 300);
  const start = performance.now();
  const iterations =
    options.iterations === undefined
      ? await runFor(options.durationMs ?? 2000)
      : await runFor(Number.POSITIVE_INFINITY, options.iterations);
  const elapsedMs = performance.now() - start;
  return {
    name,
    iterations,
    elapsedMs,
    opsPerSecond: (iterations / elapsedMs) * 1000,
    meanMicros: (elapsedMs * 1000) / iterations,
  };
}

/** Peak resident set size of this process so far, in MiB (maxRSS is reported in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function formatOps(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString('en-US');
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** What each bench module exports. */
export interface BenchSection {
  title: string;
  markdown: string;
}
