/**
 * npm run bench:consent [-- --quick]   (node dist/bench/consent.bench.js [--quick])
 * The disclosure decision with many clients' consents stored, in a child process that is the consent
 * service's side alone (its RSS is the figure): a first start rebuilds the consent_index read model
 * from the history, then the real handler decides (bounded cache over the rows, pure decision,
 * append of DisclosureDecided to SQLite), paced at 1,000/s and unpaced; then, against a bare Map of
 * the same consents (the raw limit), alternating rounds. Issue targets: p99 <= 5 ms paced at
 * 1,000/s; 100k clients in <= 150 MB RSS. Writes bench/results/consent.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEventStore } from '@wijkteam/event-store';
import { parseArgs, runChild, sizeLabel, withTempDir, type RoundResult } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';
import { clientIds, seedConsents } from './lib/consent-history';

const { quick } = parseArgs();
const sizes = quick ? { clients: 10_000, decisions: 2_000, paced: 1_000, rounds: 3, warmup: 1 } : { clients: 100_000, decisions: 20_000, paced: 5_000, rounds: 5, warmup: 1 };
const LATENCY_LIMIT_MS = 5;
const RSS_LIMIT_MB = 150;

interface Rebuilt {
  seconds: number;
  peakRss: number;
}

interface Served {
  startSeconds: number;
  readyRss: number;
  pacedRss: number;
  rss: number;
  peakRss: number;
  paced: RoundResult;
  medians: Record<'handler' | 'evaluate' | 'bare-map', RoundResult>;
  permits: number;
}

async function main(): Promise<void> {
  const result = await withTempDir('bench-consent', async (dir) => {
    const store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`, { synchronous: 'OFF' });
    const clients = clientIds(sizes.clients);
    const events = await seedConsents(store, clients);
    await store.close();
    writeFileSync(path.join(dir, 'clients.json'), JSON.stringify(clients));
    const worker = path.join(__dirname, 'consent', 'decision-worker.js');
    const rebuilt = await runChild<Rebuilt>(worker, ['rebuild', dir]);
    const served = await runChild<Served>(worker, ['serve', dir, String(sizes.decisions), String(sizes.paced), String(sizes.rounds), String(sizes.warmup)]);
    return { events, rebuilt, ...served };
  });
  const { medians } = result;
  const size = sizeLabel(sizes.clients);
  const baseline = { name: 'bare Map lookup', value: medians['bare-map'].value };
  const rows: BenchResult[] = [
    compared({ name: `decision.handler.${size}`, unit: 'decisions/s', p50_ms: medians.handler.p50_ms, p99_ms: medians.handler.p99_ms }, medians.handler.value, baseline),
    compared({ name: `decision.evaluate.${size}`, unit: 'decisions/s', p50_ms: medians.evaluate.p50_ms, p99_ms: medians.evaluate.p99_ms }, medians.evaluate.value, baseline),
    { name: `decision.handler.${size}.p99`, unit: 'ms', value: medians.handler.p99_ms ?? Number.NaN, limit: LATENCY_LIMIT_MS },
    { name: `decision.paced_1000_per_s.${size}.p99`, unit: 'ms', value: result.paced.p99_ms ?? Number.NaN, limit: LATENCY_LIMIT_MS, p50_ms: result.paced.p50_ms, p99_ms: result.paced.p99_ms },
    { name: `index.rebuild.${size}`, unit: 's', value: result.rebuilt.seconds },
    { name: `index.rebuild.${size}.peak_rss`, unit: 'MB', value: result.rebuilt.peakRss },
    { name: `index.restart.${size}`, unit: 's', value: result.startSeconds },
    { name: `index.rss_ready.${size}`, unit: 'MB', value: result.readyRss, limit: RSS_LIMIT_MB },
    { name: `index.rss_after_paced.${size}`, unit: 'MB', value: result.pacedRss },
    { name: `index.rss_after_unpaced.${size}`, unit: 'MB', value: result.rss },
    { name: `index.peak_rss_serving.${size}`, unit: 'MB', value: result.peakRss },
  ];
  printTable('consent: disclosure decisions', rows, [
    `${sizes.clients} clients (${result.events} consent events), 1-2 grants each; ${sizes.decisions} decisions per round (3 in 4 permit), ${sizes.rounds} rounds + ${sizes.warmup} warm-up, medians`,
    'service side in child processes over a SQLite file store: a first start rebuilds consent_index (TypeORM, better-sqlite3) from the history; a normal start then decides through a bounded cache over its rows',
    'handler = index lookup + decider + append of DisclosureDecided (one event per append); evaluate = without the append',
    `paced: ${sizes.paced} handler decisions at 1,000/s; limit p99 <= ${LATENCY_LIMIT_MS} ms`,
    `RSS of the serving process: ready after a normal start (the figure the issue compares: 714 MB before, when the index held every client; limit ${RSS_LIMIT_MB} MB), after the paced run, and after one unpaced run of ${sizes.decisions} (V8 grows its heap under load; before the baseline is built)`,
    `ratio = throughput / bare Map lookup (the raw limit) in the same run; sanity: ${result.permits > 0 ? 'baseline found permits' : 'baseline found none'}`,
  ]);
  console.log(`\nwrote ${writeResults('consent', quick, rows)}`);
}

void main();
