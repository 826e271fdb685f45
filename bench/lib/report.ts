import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';

/** One row of bench/results/<area>.json, in the format every benchmark writes (README, "Benchmarks"). */
export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
  /** value / baseline value, oriented so that higher is better. */
  ratio?: number;
  /** Floor for the ratio. */
  target?: number;
  /** Ceiling for the value (memory, latency). */
  limit?: number;
  p50_ms?: number;
  p99_ms?: number;
}

export interface BenchReport {
  area: string;
  quick: boolean;
  node: string;
  cpus: number;
  results: BenchResult[];
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
/** Throughputs as integers, small figures (ms, MB, ratios) with two decimals. */
const tidy = (value: number): number => (Math.abs(value) >= 100 ? Math.round(value) : round(value));

/** A compared result: ratio = value / baseline (both "higher is better"). */
export function compared(
  row: Omit<BenchResult, 'ratio' | 'baseline' | 'value'>,
  value: number,
  baseline: { name: string; value: number },
): BenchResult {
  return { ...row, value, baseline, ratio: value / baseline.value };
}

function tidyRow(row: BenchResult): BenchResult {
  const out: BenchResult = { name: row.name, unit: row.unit, value: tidy(row.value) };
  if (row.baseline) out.baseline = { name: row.baseline.name, value: tidy(row.baseline.value) };
  if (row.ratio !== undefined) out.ratio = round(row.ratio);
  if (row.target !== undefined) out.target = row.target;
  if (row.limit !== undefined) out.limit = row.limit;
  if (row.p50_ms !== undefined) out.p50_ms = round(row.p50_ms, 3);
  if (row.p99_ms !== undefined) out.p99_ms = round(row.p99_ms, 3);
  return out;
}

export function verdict(row: BenchResult): string {
  if (row.limit !== undefined) return row.value <= row.limit ? 'ok' : 'OVER LIMIT';
  if (row.target !== undefined && row.ratio !== undefined) return row.ratio >= row.target ? 'ok' : 'BELOW TARGET';
  return '';
}

/** Prints the results as a fixed-width table followed by the notes (sizes, rounds, durability). */
export function printTable(title: string, rows: readonly BenchResult[], notes: readonly string[]): void {
  const header = ['result', 'value', 'baseline', 'ratio', 'target/limit', 'p50 ms', 'p99 ms', ''];
  const lines = rows.map(tidyRow).map((row) => [
    row.name,
    `${row.value} ${row.unit}`,
    row.baseline ? `${row.baseline.value} (${row.baseline.name})` : '',
    row.ratio !== undefined ? row.ratio.toFixed(2) : '',
    row.target !== undefined ? `>= ${row.target}` : row.limit !== undefined ? `<= ${row.limit} ${row.unit}` : '',
    row.p50_ms !== undefined ? String(row.p50_ms) : '',
    row.p99_ms !== undefined ? String(row.p99_ms) : '',
    verdict(row),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\n${title}\n`);
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  if (notes.length > 0) console.log(`\n${notes.map((note) => `- ${note}`).join('\n')}`);
}

/** The repository root: the first directory upwards holding both package.json and bench/. */
function repoRoot(): string {
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

/** Writes bench/results/<area>.json and returns its path. */
export function writeResults(area: string, quick: boolean, results: readonly BenchResult[]): string {
  const report: BenchReport = { area, quick, node: process.version, cpus: cpus().length, results: results.map(tidyRow) };
  const file = join(repoRoot(), 'bench', 'results', `${area}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
