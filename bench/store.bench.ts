/**
 * npm run bench:store [-- --quick]
 * The SQLite event store (our adapter, through the port) against raw better-sqlite3 doing the same
 * statements at the same durability (the practical limit) and against Emmett's SQLite store (a peer);
 * the PostgreSQL adapter against raw pg (BENCH_POSTGRES_URL, default the machine's database `test`;
 * left out when it does not answer); in one run, alternating rounds. Writes bench/results/store.json.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore, SqliteEventStore, type EventToAppend, type ExpectedRevision } from '@wijkteam/event-store';
import { compare, parseArgs, runChild, sizeLabel, timeOperations, withTempDir, type Contender, type RoundResult } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';
import { EmmettPeer, emmettDurability } from './store/emmett-peer';
import { makeBatch, makeEvent } from './store/fixtures';
import { RAW_POSTGRES_DURABILITY, RawPostgres } from './store/raw-postgres';
import { RAW_DURABILITY, RawSqlite } from './store/raw-sqlite';
import type { ReplayOutcome } from './store/replay-worker';

const { quick } = parseArgs();
// Appends wait on fsync, whose latency on a shared disk swings 10x within seconds: many short
// alternating rounds put baseline and subject under the same conditions; the median drops outliers.
const sizes = quick
  ? { single: 150, singleRounds: 7, batch100: 10, batch1000: 3, batchRounds: 5, replay: 50_000, replayRounds: 3, warmup: 1 }
  : { single: 200, singleRounds: 15, batch100: 30, batch1000: 10, batchRounds: 9, replay: 1_000_000, replayRounds: 5, warmup: 1 };
const STREAMS = 100;
const PORT_DURABILITY = 'WAL, synchronous=FULL';
const RSS_LIMIT_MB = 300;

async function removeDb(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
}

/** Single-event appends round-robin over STREAMS streams, each with its exact expected revision. */
function singleAppends(count: number, append: (stream: string, event: EventToAppend, expected: ExpectedRevision) => Promise<bigint>) {
  const events = Array.from({ length: count }, (_, n) => makeEvent(n));
  const last = new Map<string, bigint>();
  return timeOperations(count, async (n) => {
    const stream = `case-s${n % STREAMS}`;
    last.set(stream, await append(stream, events[n], last.get(stream) ?? 'no_stream'));
  });
}

/** Batches of `size` events, each batch starting a new stream. */
function batchAppends(batches: number, size: number, append: (stream: string, events: EventToAppend[]) => Promise<unknown>) {
  const all = Array.from({ length: batches }, (_, b) => makeBatch(size, b * size));
  return timeOperations(batches, (b) => append(`case-b${b}`, all[b]), size);
}

/** A contender that gets a fresh database file per round and removes it afterwards. */
function onFreshFile(dir: string, name: string, measure: (file: string) => Promise<RoundResult>): Contender {
  return {
    name,
    async run(round) {
      const file = join(dir, `${name.replace(/\W+/g, '_')}-${round + 10}.db`);
      try {
        return await measure(file);
      } finally {
        await removeDb(file);
      }
    },
  };
}

function rawContender(dir: string, measure: (raw: RawSqlite) => Promise<RoundResult>): Contender {
  return onFreshFile(dir, 'raw', async (file) => {
    const raw = RawSqlite.open(file);
    try {
      return await measure(raw);
    } finally {
      raw.close();
    }
  });
}

function portContender(dir: string, measure: (store: SqliteEventStore) => Promise<RoundResult>): Contender {
  return onFreshFile(dir, 'port', async (file) => {
    const store = SqliteEventStore.open(file, { synchronous: 'FULL' });
    try {
      return await measure(store);
    } finally {
      await store.close();
    }
  });
}

const rawRevision = (expected: ExpectedRevision): bigint | 'no_stream' => (expected === 'no_stream' ? 'no_stream' : (expected as bigint));

async function appendBenchmarks(dir: string): Promise<{ results: BenchResult[]; emmettDurabilityText: string }> {
  const rawSingle = rawContender(dir, async (raw) => singleAppends(sizes.single, async (s, e, x) => raw.appendToStream(s, [e], rawRevision(x))));
  const portSingle = portContender(dir, async (store) =>
    singleAppends(sizes.single, async (s, e, x) => (await store.appendToStream(s, [e], { expectedRevision: x })).nextExpectedRevision),
  );
  const emmettSingle = onFreshFile(dir, 'emmett', async (file) => {
    const peer = new EmmettPeer(file);
    return singleAppends(sizes.single, async (s, e) => {
      await peer.appendToStream(s, [e]);
      return 0n;
    });
  });
  const singleRounds = { rounds: sizes.singleRounds, warmup: sizes.warmup };
  // Two separate comparisons: Emmett leaves work behind (it closes connections without waiting),
  // which must not land on the raw-vs-port rounds.
  const single = await compare([rawSingle, portSingle], { ...singleRounds, label: 'single appends vs raw' });
  const peer = await compare([portSingle, emmettSingle], { ...singleRounds, label: 'single appends vs Emmett' });
  const batch = async (count: number, size: number) =>
    compare(
      [
        rawContender(dir, async (raw) => batchAppends(count, size, async (s, events) => raw.appendToStream(s, events, 'no_stream'))),
        portContender(dir, async (store) => batchAppends(count, size, (s, events) => store.appendToStream(s, events, { expectedRevision: 'no_stream' }))),
      ],
      { rounds: sizes.batchRounds, warmup: sizes.warmup, label: `batches of ${size}` },
    );
  const batch100 = await batch(sizes.batch100, 100);
  const batch1000 = await batch(sizes.batch1000, 1000);

  const probe = join(dir, 'emmett-durability.db');
  await new EmmettPeer(probe).appendToStream('case-probe', [makeEvent(0)]);
  const emmettDurabilityText = await emmettDurability(probe);
  await removeDb(probe);

  const raw = (median: RoundResult) => ({ name: `raw better-sqlite3 (${RAW_DURABILITY})`, value: median.value });
  const latency = (median: RoundResult) => ({ p50_ms: median.p50_ms, p99_ms: median.p99_ms });
  const results = [
    compared({ name: 'append.single', unit: 'events/s', target: 0.8, ...latency(single.port) }, single.port.value, raw(single.raw)),
    compared({ name: 'append.single.vs_emmett', unit: 'events/s', target: 5, ...latency(peer.port) }, peer.port.value, {
      name: `Emmett SQLite 0.38.5 (${emmettDurabilityText})`,
      value: peer.emmett.value,
    }),
    compared({ name: 'append.batch100', unit: 'events/s', target: 0.8, ...latency(batch100.port) }, batch100.port.value, raw(batch100.raw)),
    compared({ name: 'append.batch1000', unit: 'events/s', target: 0.8, ...latency(batch1000.port) }, batch1000.port.value, raw(batch1000.raw)),
  ];
  return { results, emmettDurabilityText };
}

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One statement on a connection of its own; undefined when PostgreSQL does not answer. */
async function onPostgres(text: string): Promise<boolean> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(text);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The PostgreSQL adapter (a fresh schema per round) against raw pg on its own fresh schema. */
async function postgresBenchmarks(): Promise<BenchResult[]> {
  if (!(await onPostgres('SELECT 1'))) {
    console.log('PostgreSQL does not answer: its rows are left out');
    return [];
  }
  const raw = (measure: (raw: RawPostgres) => Promise<RoundResult>): Contender => ({
    name: 'raw',
    async run(round) {
      const store = await RawPostgres.open(POSTGRES_URL, `bench_raw_${round + 10}`);
      try {
        return await measure(store);
      } finally {
        await store.close();
      }
    },
  });
  const port = (measure: (store: PostgresEventStore) => Promise<RoundResult>): Contender => ({
    name: 'port',
    async run(round) {
      const schema = `bench_port_${round + 10}`;
      await onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const store = PostgresEventStore.open(`${POSTGRES_URL}?schema=${schema}`);
      try {
        await store.ping(); // creates the schema and table before the clock starts
        return await measure(store);
      } finally {
        await store.close();
        await onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    },
  });
  const single = await compare(
    [
      raw((store) => singleAppends(sizes.single, async (s, e, x) => store.appendToStream(s, [e], rawRevision(x)))),
      port((store) => singleAppends(sizes.single, async (s, e, x) => (await store.appendToStream(s, [e], { expectedRevision: x })).nextExpectedRevision)),
    ],
    { rounds: sizes.singleRounds, warmup: sizes.warmup, label: 'PostgreSQL single appends' },
  );
  const batch100 = await compare(
    [
      raw((store) => batchAppends(sizes.batch100, 100, (s, events) => store.appendToStream(s, events, 'no_stream'))),
      port((store) => batchAppends(sizes.batch100, 100, (s, events) => store.appendToStream(s, events, { expectedRevision: 'no_stream' }))),
    ],
    { rounds: sizes.batchRounds, warmup: sizes.warmup, label: 'PostgreSQL batches of 100' },
  );
  const baseline = (median: RoundResult) => ({ name: `raw pg (${RAW_POSTGRES_DURABILITY})`, value: median.value });
  return [
    compared({ name: 'append.postgres.single', unit: 'events/s', target: 0.8, p50_ms: single.port.p50_ms, p99_ms: single.port.p99_ms }, single.port.value, baseline(single.raw)),
    compared({ name: 'append.postgres.batch100', unit: 'events/s', target: 0.8, p50_ms: batch100.port.p50_ms, p99_ms: batch100.port.p99_ms }, batch100.port.value, baseline(batch100.raw)),
  ];
}

/** Writes the replay data set through the port (fixture, not measured: synchronous=OFF). */
async function populate(file: string, count: number): Promise<void> {
  const store = SqliteEventStore.open(file, { synchronous: 'OFF' });
  try {
    for (let first = 0; first < count; first += 1000) {
      await store.appendToStream(`case-r${first / 1000}`, makeBatch(Math.min(1000, count - first), first), { expectedRevision: 'no_stream' });
    }
  } finally {
    await store.close();
  }
}

async function replayBenchmark(dir: string): Promise<{ results: BenchResult[]; startRss: Record<string, number> }> {
  const file = join(dir, 'replay.db');
  if (process.stdout.isTTY) process.stdout.write(`  writing ${sizes.replay} events for the replay...\r`);
  await populate(file, sizes.replay);
  const worker = join(__dirname, 'store', 'replay-worker.js');
  const checksums = new Set<string>();
  const replay = (kind: 'raw' | 'port'): Contender => ({
    name: kind,
    async run() {
      const outcome = await runChild<ReplayOutcome>(worker, [kind, file]);
      if (outcome.events !== sizes.replay) throw new Error(`${kind} replay read ${outcome.events} of ${sizes.replay} events`);
      checksums.add(outcome.checksum);
      return { value: outcome.events / (outcome.ms / 1000), extra: { peakRssMb: outcome.peakRssMb, startRssMb: outcome.startRssMb } };
    },
  });
  const medians = await compare([replay('raw'), replay('port')], { rounds: sizes.replayRounds, warmup: sizes.warmup, label: 'replay' });
  if (checksums.size !== 1) throw new Error(`the two replays folded different results: ${[...checksums].join(' | ')}`);
  await removeDb(file);
  const label = sizeLabel(sizes.replay);
  const rss = (m: RoundResult) => m.extra?.peakRssMb ?? Number.NaN;
  const results: BenchResult[] = [
    compared({ name: `replay.${label}`, unit: 'events/s', target: 0.8 }, medians.port.value, {
      name: `raw better-sqlite3 (${RAW_DURABILITY})`,
      value: medians.raw.value,
    }),
    { name: `replay.${label}.peak_rss`, unit: 'MB', value: rss(medians.port), limit: RSS_LIMIT_MB },
  ];
  return { results, startRss: { port: medians.port.extra?.startRssMb ?? 0, raw: medians.raw.extra?.startRssMb ?? 0, rawPeak: rss(medians.raw) } };
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench:store${quick ? ' --quick' : ''}: alternating rounds, medians (sizes below the table)`);
  await withTempDir('bench-store', async (dir) => {
    const appends = await appendBenchmarks(dir);
    const replay = await replayBenchmark(dir);
    const postgres = await postgresBenchmarks();
    const results = [...appends.results, ...replay.results, ...postgres];
    const r = replay.startRss;
    printTable('Event store: SQLite adapter (through the port) vs raw better-sqlite3 and Emmett; PostgreSQL adapter vs raw pg', results, [
      `durability: port ${PORT_DURABILITY}; raw ${RAW_DURABILITY}; Emmett ${appends.emmettDurabilityText}: journal mode set by Emmett, synchronous left at SQLite's default`,
      `sizes per round: ${sizes.single} single-event appends over ${STREAMS} streams with exact expectedRevision (Emmett: none); ` +
        `${sizes.batch100} batches of 100 and ${sizes.batch1000} of 1000, each a new stream; replay of ${sizes.replay} events (~420 B JSON each)`,
      `Emmett retries: ${EmmettPeer.retries} of its appends failed with SQLITE_BUSY ("SQL statements in progress") and were retried, time included`,
      `rounds: ${sizes.warmup} warm-up + ${sizes.singleRounds} (single), ${sizes.batchRounds} (batches), ${sizes.replayRounds} (replay) measured, ` +
        'order rotated each round; figures are medians over rounds; a fresh database file per append round; ' +
        'port vs raw and port vs Emmett are separate comparisons',
      `PostgreSQL: ${postgres.length > 0 ? `server default durability (${RAW_POSTGRES_DURABILITY}) for both, same sizes as SQLite, a fresh schema per round; raw pg numbers positions by a bigserial without the writer lock` : 'not reachable, rows left out'}`,
      'p50/p99: latency of one append call (one event, or one whole batch), median over rounds',
      'replay: JSON.parse of data and metadata + fold (count per type, sum of data.hours); both replays must fold the same checksum',
      `peak RSS: each replay runs in a fresh child process; value = its getrusage maxrss, including Node and the loaded modules ` +
        `(RSS before the replay started: port ${r.port.toFixed(0)} MB, raw ${r.raw.toFixed(0)} MB; raw peak ${r.rawPeak.toFixed(0)} MB)`,
      `machine: ${process.version}, temp files under os.tmpdir(), removed afterwards; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ]);
    console.log(`\nwrote ${writeResults('store', quick, results)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
