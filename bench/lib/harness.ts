/**
 * Shared benchmark harness: every area measures the project and its
 * baseline in one process run, in alternating rounds, and reports medians and ratios, because on
 * these shared machines an absolute figure drifts from run to run while a same-run ratio does not.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchArgs {
  /** Small sizes, same code path: must finish in under 60 s on 2 cores. */
  quick: boolean;
}

export function parseArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const unknown = argv.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (only --quick is accepted)`);
  return { quick: argv.includes('--quick') };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100): the value at or below which p% of samples fall. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** What one contender measured in one round. `value` is the headline figure (higher is better). */
export interface RoundResult {
  value: number;
  p50_ms?: number;
  p99_ms?: number;
  /** Further figures a benchmark wants medians of (e.g. peak RSS); not compared. */
  extra?: Record<string, number>;
}

export interface Contender {
  name: string;
  /** One measured run. `round` is negative for warm-up rounds. */
  run(round: number): Promise<RoundResult>;
}

export interface CompareOptions {
  rounds: number;
  warmup: number;
  /** Printed before each round, so a long full run shows progress. */
  label?: string;
}

/**
 * Runs the contenders round-robin: `warmup` discarded rounds, then `rounds` measured ones. The order
 * rotates every round so no contender always goes first (after a GC, on a cold cache, ...). Returns,
 * per contender, the median of every field over the measured rounds.
 */
export async function compare(contenders: readonly Contender[], options: CompareOptions): Promise<Record<string, RoundResult>> {
  if (options.rounds < 3) throw new Error('at least 3 measured rounds are required for a median');
  const measured = new Map<string, RoundResult[]>(contenders.map((c) => [c.name, []]));
  // Progress only on a terminal: in a log, carriage returns would run the lines together.
  const progress = options.label && process.stdout.isTTY ? options.label : undefined;
  for (let round = -options.warmup; round < options.rounds; round++) {
    const offset = ((round % contenders.length) + contenders.length) % contenders.length;
    const order = [...contenders.slice(offset), ...contenders.slice(0, offset)];
    if (progress) process.stdout.write(`  ${progress}: ${round < 0 ? 'warm-up' : `round ${round + 1}/${options.rounds}`}   \r`);
    for (const contender of order) {
      const result = await contender.run(round);
      if (round >= 0) measured.get(contender.name)?.push(result);
    }
  }
  if (progress) process.stdout.write(`${' '.repeat(60)}\r`);
  const medians: Record<string, RoundResult> = {};
  for (const [name, results] of measured) medians[name] = medianOf(results);
  return medians;
}

function medianOf(results: readonly RoundResult[]): RoundResult {
  const pick = (get: (r: RoundResult) => number | undefined): number | undefined => {
    const values = results.map(get).filter((v): v is number => v !== undefined);
    return values.length === results.length ? median(values) : undefined;
  };
  const extraKeys = new Set(results.flatMap((r) => Object.keys(r.extra ?? {})));
  const extra: Record<string, number> = {};
  for (const key of extraKeys) {
    const value = pick((r) => r.extra?.[key]);
    if (value !== undefined) extra[key] = value;
  }
  return {
    value: median(results.map((r) => r.value)),
    p50_ms: pick((r) => r.p50_ms),
    p99_ms: pick((r) => r.p99_ms),
    ...(extraKeys.size > 0 ? { extra } : {}),
  };
}

/**
 * Times `count` sequential operations: throughput over the whole run plus per-operation latency
 * percentiles. `unitsPerOp` converts operations to the reported unit (e.g. events per batch).
 */
export async function timeOperations(
  count: number,
  operation: (index: number) => Promise<unknown> | unknown,
  unitsPerOp = 1,
): Promise<RoundResult> {
  const latencies = new Array<number>(count);
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const before = performance.now();
    await operation(index);
    latencies[index] = performance.now() - before;
  }
  const seconds = (performance.now() - started) / 1000;
  return { value: (count * unitsPerOp) / seconds, p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
}

/** Peak resident set size of this process so far (getrusage maxrss), in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function currentRssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}

/**
 * Peak RSS of one phase inside a long-lived process (maxrss cannot be reset): samples every
 * `intervalMs`. Only sees the phase while the event loop turns, so for synchronous work prefer a
 * child process and peakRssMb().
 */
export class RssSampler {
  private peak = currentRssMb();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 10) {
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, currentRssMb())), intervalMs);
    this.timer.unref();
  }

  /** Stops sampling and returns the highest RSS seen, in MB. */
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, currentRssMb());
  }
}

/**
 * Runs `modulePath` in a fresh Node process and returns the JSON object it prints as its last line
 * of stdout. A fresh process is how a benchmark measures memory that belongs to one workload only.
 */
export function runChild<T>(modulePath: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [modulePath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${modulePath} exited with ${code}: ${stderr.trim()}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${modulePath} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** A scratch directory under os.tmpdir(), removed afterwards whatever happens (also on Ctrl-C). */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const cleanUp = (): void => {
    void rm(dir, { recursive: true, force: true }).finally(() => process.exit(130));
  };
  process.once('SIGINT', cleanUp);
  try {
    return await work(dir);
  } finally {
    process.removeListener('SIGINT', cleanUp);
    await rm(dir, { recursive: true, force: true });
  }
}

/** 1000000 -> '1m', 50000 -> '50k': sizes in result names. */
export function sizeLabel(count: number): string {
  if (count >= 1_000_000 && count % 1_000_000 === 0) return `${count / 1_000_000}m`;
  if (count >= 1000 && count % 1000 === 0) return `${count / 1000}k`;
  return String(count);
}
