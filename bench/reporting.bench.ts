/**
 * npm run bench:reporting [-- --quick]   (node dist/bench/reporting.bench.js [--quick])
 * (a) History: a synthetic municipality history decided by the real deciders (bench/lib/
 *     municipality-history.ts: referrals, case files with their director, first visits, plans,
 *     closures, consents, and the access log of the file's reads), 500 cases a year, in a SQLite file
 *     store; then sealed by reporting's SealWriter. Full: ≥ 1M events; the figures are extrapolated
 *     to 20 years ≈ 30M events (the issue's estimate).
 * (b) Seal verification: verifyHistory over the whole store against a bare SHA-256 loop over the
 *     same bytes (a raw better-sqlite3 read of the same rows, the same page size, one SHA-256 of each
 *     event's sealed form). Issue: ≥ 500k events/s, floor 0.7×.
 * (c) Rebuild of reporting's read models (every projection of REPORTING_PROJECTIONS, fed as its
 *     feeds apply them, found from the module's @ReadModelEvents handlers) from the history's public
 *     events (translated by each publisher's gateway before timing), against a raw better-sqlite3
 *     loop writing the same rows (checked equal after every round). Issue: ≥ 100k events/s, floor 0.5×.
 * (d) Mixed HTTP load on the embedded platform (two child processes, in-process transport): 80%
 *     access-logged reads, 20% commands, open loop at a fixed rate; command p99 with group commit
 *     against the same load with a commit (fsync) per append, EVENT_STORE_GROUP_COMMIT=off.
 * (e) Replay-to-T of one case: to be added at the marked place in main(), over the history of (a).
 * Writes bench/results/reporting.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { hash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { caseFileStream, caseFileStreams, casePlanningGateway, DEFAULT_ZRM_REFERENCE } from '@wijkteam/case-planning';
import { caseHistoryAt } from '@wijkteam/runtime';
import { consentGateway } from '@wijkteam/consent';
import { type PublicEvent, UuidV7Generator } from '@wijkteam/contracts';
import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { intakeGateway } from '@wijkteam/intake';
import type { BusProjection } from '@wijkteam/projections';
import { ProjectionHost } from '@wijkteam/projections';
import { REPORTING_PROJECTIONS, ReportingModule, verifyHistory } from '@wijkteam/reporting';
import { safetyGateway } from '@wijkteam/safety';
import { IN_PROCESS_READ_MODEL_BATCH_SIZE } from '@wijkteam/messaging';
import { CONSUMED_EVENTS, CONSUMER_GROUP } from '../libs/messaging/src/handling/consumed-events-key';
import { storedForm } from '../apps/reporting/src/application/seal-chain';
import { SealWriter } from '../apps/reporting/src/application/seal-writer';
import { compare, parseArgs, percentile, RssSampler, sizeLabel, timeOperations, withTempDir, type RoundResult } from './lib/harness';
import { generateMunicipalityHistory, type History } from './lib/municipality-history';
import { RAW_REBUILDS, type RawRebuild, sameRows } from './lib/reporting-raw-rebuild';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';

const { quick } = parseArgs();
const sizes = quick
  ? { cases: 250, rounds: 3, warmup: 0, http: { rate: 100, seconds: 3, warmup: 0, referrals: 20 } }
  : { cases: 9000, rounds: 3, warmup: 1, http: { rate: 200, seconds: 20, warmup: 1, referrals: 50 } };
const CASES_PER_YEAR = 500;
const READS_PER_CASE = 130;
const SEAL_EVERY = 1000;
const TWENTY_YEARS = 30_000_000;
const VERIFY_TARGET = 500_000;
const VERIFY_FLOOR = 0.7;
const VERIFY_RSS_LIMIT_MB = 64;
const REBUILD_TARGET = 100_000;
const REBUILD_FLOOR = 0.5;
const PAGE = 500;
const REPLAYS = 400;
const REPLAY_P99_LIMIT_MS = 50;
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

// ---------------------------------------------------------------- (b) seal verification

async function verify(store: EventStore, expectEvents: number): Promise<RoundResult> {
  const sampler = new RssSampler(5);
  const before = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  const report = await verifyHistory(store);
  const seconds = (performance.now() - started) / 1000;
  const rssGrowth = sampler.stop() - before;
  if (!report.intact || report.events !== expectEvents) throw new Error(`verification found ${JSON.stringify(report)}`);
  return { value: report.events / seconds, extra: { rssGrowth } };
}

/** The bare limit: the same rows read raw (its own connection, kept open), the same page size, one SHA-256 of the same bytes each. */
function bareSha256(db: Database.Database): RoundResult {
  const page = db.prepare<[bigint, number], [bigint, string, bigint, string, string, string, string]>(
    'SELECT position, stream_name, revision, id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
  ).raw();
  const started = performance.now();
  let count = 0;
  for (let after = 0n; ; ) {
    const rows = page.all(after, PAGE);
    for (const [, streamName, revision, id, type, data, metadata] of rows) hash('sha256', storedForm({ id, streamName, revision, type, data, metadata }), 'buffer');
    count += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1][0];
  }
  return { value: count / ((performance.now() - started) / 1000) };
}

// ---------------------------------------------------------------- (c) rebuild of the read models

interface Feed {
  projection: BusProjection;
  types: ReadonlySet<string>;
  apply(host: ProjectionHost, event: PublicEvent): Promise<void>;
}

/**
 * Reporting's feeds as the module declares them: each @ReadModelEvents handler of its controllers,
 * with the projection its consumer group names. A new read model's feed is found the same way.
 */
function reportingFeeds(): Feed[] {
  const controllers = (Reflect.getMetadata('controllers', ReportingModule) ?? []) as (new (host: ProjectionHost) => Record<string, (event: PublicEvent) => Promise<void>>)[];
  const feeds: Feed[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[method];
      if (typeof handler !== 'function') continue;
      const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler) as Record<string, unknown> | undefined;
      const group = extras?.[CONSUMER_GROUP];
      const projection = REPORTING_PROJECTIONS.find((p) => `${p.name}_v${p.version}` === group);
      if (!projection) continue;
      const types = new Set(((extras?.[CONSUMED_EVENTS] ?? []) as { type: string }[]).map((definition) => definition.type));
      feeds.push({ projection, types, apply: (host, event) => new controller(host)[method](event) });
    }
  }
  return feeds;
}

/** Which read batch of the in-process consumer (IN_PROCESS_READ_MODEL_BATCH_SIZE store events each) a public event arrives in. */
const readBatchOf = new WeakMap<PublicEvent, number>();

/** The history's public events, as the publishers' gateways translate them, those some feed reads. */
async function publicEventsOf(store: EventStore, feeds: readonly Feed[]): Promise<PublicEvent[]> {
  const gateways = [intakeGateway, casePlanningGateway, consentGateway, safetyGateway];
  const wanted = new Set(feeds.flatMap((feed) => [...feed.types]));
  const events: PublicEvent[] = [];
  let read = 0;
  for await (const event of store.readAll()) {
    for (const gateway of gateways) {
      const route = gateway.routeOf(event);
      if (!route || !wanted.has(route.definition.type)) continue;
      const published = gateway.publish(event, route);
      if (published) {
        events.push(published);
        readBatchOf.set(published, Math.floor(read / IN_PROCESS_READ_MODEL_BATCH_SIZE));
      }
    }
    read += 1;
  }
  return events;
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Through the projection model, fed as the embedded platform's consumer feeds it (the in-process
 * HandlerGroup of a read model): the events of one read batch of the store (IN_PROCESS_READ_MODEL_BATCH_SIZE
 * store events, of which this projection reads a few) dispatched at once, in order, each through its
 * feed (ProjectionHost.applyOnce), the next batch once every event of this one is committed (group
 * commit: up to 1000 events a transaction, fsync at each commit).
 */
async function rebuildThroughModel(store: EventStore, file: string, projection: BusProjection, feeds: readonly Feed[], events: readonly PublicEvent[]): Promise<RoundResult> {
  removeDatabase(file);
  const host = await ProjectionHost.open({ service: 'reporting', url: `sqlite:${file}`, store, projections: [projection], logger: silent });
  await host.start();
  let applied = 0;
  let inFlight: Promise<void>[] = [];
  let batch = -1;
  const started = performance.now();
  for (const event of events) {
    if (readBatchOf.get(event) !== batch) {
      await Promise.all(inFlight);
      inFlight = [];
      batch = readBatchOf.get(event) ?? -1;
    }
    for (const feed of feeds)
      if (feed.types.has(event.type)) {
        inFlight.push(feed.apply(host, event));
        applied += 1;
      }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await host.stop();
  return { value: applied / seconds };
}

function rebuildByHand(file: string, rebuild: RawRebuild, events: readonly PublicEvent[], page?: number): RoundResult {
  removeDatabase(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const started = performance.now();
  const applied = rebuild(db, events, page);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { value: applied / seconds };
}

// ---------------------------------------------------------------- (d) mixed HTTP load

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

interface Platform {
  child: ChildProcess;
  base: string;
  tokens: Map<string, string>;
  referralIds: string[];
}

async function startPlatform(dir: string, groupCommit: 'on' | 'off'): Promise<Platform> {
  const port = await freePort();
  const main = path.join(__dirname, '..', 'apps', 'platform', 'src', 'main.js');
  const env = {
    ...process.env,
    NODE_ENV: 'development', AUTH_MODE: 'development', TRANSPORT: 'in-process', DEMO_DATA: 'false', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
    EVENT_STORE_URL: `sqlite:${path.join(dir, 'events.db')}`, SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'subject-keys.db')}`, EVENT_STORE_GROUP_COMMIT: groupCommit,
  };
  const child = spawn(process.execPath, [main], { env, stdio: 'ignore' });
  const platform = { child, base: `http://127.0.0.1:${port}`, tokens: new Map<string, string>(), referralIds: [] };
  const deadline = Date.now() + 120_000;
  while ((await fetch(`${platform.base}/health/ready`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error('platform did not get ready');
    await sleep(50);
  }
  return platform;
}

async function call(platform: Platform, method: string, url: string, userId: string, body?: unknown): Promise<Response> {
  let token = platform.tokens.get(userId);
  if (!token) {
    const issued = await fetch(`${platform.base}/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
    token = ((await issued.json()) as { access_token: string }).access_token;
    platform.tokens.set(userId, token);
  }
  return fetch(`${platform.base}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

const referralBody = (n: number) => ({
  channel: 'phone', route: 'jgz', children: [{ person: { name: `Kind ${n}`, birthDate: '2016-02-29' } }],
  referrer: { organisation: 'JGZ Noord', role: 'jeugdverpleegkundige', contact: 'verwijzer' }, helpQuestion: 'Hulp bij de opvoeding.',
  etmIndication: 3, warmHandover: true, clientConsented: true, inCareWith: 'none',
});

/** Team Noord and some referrals to read. */
async function prepare(platform: Platform, referrals: number): Promise<void> {
  for (const [userId, kind] of [['coach-noord-1', 'jeugdteam'], ['coach-noord-2', 'jeugdteam']]) {
    const response = await call(platform, 'PUT', `/teams/wijkteam-noord/members/${userId}`, 'coordinator-1', { kind, neighbourhood: 'noord-centrum', expertise: ['opvoeding'], capacity: 15 });
    if (response.status >= 300) throw new Error(`registering ${userId}: ${response.status}`);
  }
  for (let n = 0; n < referrals; n++) {
    const response = await call(platform, 'POST', '/referrals', 'front-office-1', referralBody(n));
    if (response.status !== 201) throw new Error(`referral: ${response.status}`);
    platform.referralIds.push(((await response.json()) as { referralId: string }).referralId);
  }
}

/**
 * Open loop: request i is sent at start + i/rate whatever the answers before it, and its latency is
 * counted from that scheduled moment (no coordinated omission). Every fifth a command (a new
 * referral), the others a read of a referral (access-logged).
 */
async function mixedLoad(platform: Platform, rate: number, seconds: number): Promise<RoundResult> {
  const total = rate * seconds;
  const commands: number[] = [];
  const reads: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const scheduled = started + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    const command = i % 5 === 0;
    const request = command
      ? call(platform, 'POST', '/referrals', 'front-office-1', referralBody(i))
      : call(platform, 'GET', `/referrals/${platform.referralIds[i % platform.referralIds.length]}`, 'coach-noord-1');
    inFlight.push(
      request.then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status >= 300) errors += 1;
          (command ? commands : reads).push(performance.now() - scheduled);
        },
        () => void (errors += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  return { value: percentile(commands, 99), p50_ms: percentile(commands, 50), p99_ms: percentile(commands, 99), extra: { readP50: percentile(reads, 50), readP99: percentile(reads, 99), errors } };
}

async function stopPlatform(platform: Platform): Promise<void> {
  const exited = new Promise((resolve) => platform.child.once('exit', resolve));
  platform.child.kill('SIGTERM');
  await exited;
}

// ---------------------------------------------------------------- main

/** A latency row: lower is better, so ratio = baseline / value. */
function latencyRow(name: string, value: number, baseline: { name: string; value: number }, p50?: number): BenchResult {
  return { name, unit: 'ms', value, baseline, ratio: baseline.value / value, ...(p50 !== undefined ? { p50_ms: p50, p99_ms: value } : {}) };
}

/** Case files of the history, spread over it, each with a moment T: its opening, or now. */
function sampleCases(file: string, count: number): { caseFileId: string; asOf: Date }[] {
  const db = new Database(file, { readonly: true });
  try {
    const opened = db.prepare('SELECT stream_name AS stream, recorded_at AS at FROM events WHERE revision = 0 AND stream_name >= ? AND stream_name < ?').all(caseFileStream.prefix, `${caseFileStream.prefix}~`) as { stream: string; at: number }[];
    const step = Math.max(1, Math.floor(opened.length / count));
    const now = new Date();
    return opened.filter((_, i) => i % step === 0).slice(0, count).map(({ stream, at }, i) => ({ caseFileId: stream.slice(caseFileStream.prefix.length), asOf: i % 2 === 0 ? new Date(Number(at)) : now }));
  } finally {
    db.close();
  }
}

/** The baseline of (e): the same streams read up to T, nothing folded. */
async function readOnly(store: EventStore, streams: readonly { stream: string }[], asOf: Date): Promise<number> {
  let read = 0;
  for (const { stream } of streams) {
    for await (const event of store.readStream(stream)) {
      if (event.recordedAt.getTime() > asOf.getTime()) break;
      read++;
    }
  }
  return read;
}

async function main(): Promise<void> {
  const rows: BenchResult[] = [];
  const notes: string[] = [];
  await withTempDir('bench-reporting', async (dir) => {
    // (a) the history
    const file = path.join(dir, 'events.db');
    const store = createEventStore(`sqlite:${file}`, { synchronous: 'OFF' });
    let started = performance.now();
    const history: History = await generateMunicipalityHistory(store, { cases: sizes.cases, casesPerYear: CASES_PER_YEAR, readsPerCase: READS_PER_CASE });
    const generated = (performance.now() - started) / 1000;
    const size = sizeLabel(Math.round(history.events / 1000) * 1000);
    rows.push({ name: `history.generate.${size}`, unit: 'events/s', value: history.events / generated });
    started = performance.now();
    await new SealWriter(store, SEAL_EVERY, { now: () => new Date() }, new UuidV7Generator()).sealAvailable('now');
    rows.push({ name: `seal.write.${size}`, unit: 'events/s', value: history.events / ((performance.now() - started) / 1000) });
    notes.push(
      `(a) ${history.cases} cases (${CASES_PER_YEAR} a year, ${history.years.toFixed(1)} years): ${history.events} events, of which ${READS_PER_CASE} access-log reads per accepted case; decided by the real deciders, appended with synchronous=OFF (generation is not what is measured); sealed every ${SEAL_EVERY} events by SealWriter`,
    );

    // (b) seal verification
    const raw = new Database(file, { readonly: true });
    raw.defaultSafeIntegers(true);
    const verified = await compare(
      [
        { name: 'verify', run: () => verify(store, history.events) },
        { name: 'bare', run: async () => bareSha256(raw) },
      ],
      { rounds: sizes.rounds, warmup: sizes.warmup, label: 'verify' },
    );
    raw.close();
    const verifyRate = verified.verify.value;
    rows.push(
      compared({ name: `seal.verify.${size}`, unit: 'events/s', target: VERIFY_FLOOR }, verifyRate, { name: 'bare SHA-256 loop over the same rows', value: verified.bare.value }),
      { name: 'seal.verify.rss_growth', unit: 'MB', value: verified.verify.extra?.rssGrowth ?? 0, limit: VERIFY_RSS_LIMIT_MB },
      { name: 'seal.verify.20y_30m', unit: 's', value: TWENTY_YEARS / verifyRate },
    );
    notes.push(
      `(b) verifyHistory over the file store (format 2 seals: stored text hashed as bytes) against a raw better-sqlite3 read of the same rows in pages of ${PAGE} with one SHA-256 of each event's sealed form; ${sizes.rounds} alternating rounds + ${sizes.warmup} warm-up, medians; floor ${VERIFY_FLOOR}; issue target ${VERIFY_TARGET} events/s absolute: ${verifyRate >= VERIFY_TARGET ? 'met' : `not met (${Math.round(verifyRate)}; the bare loop itself makes ${Math.round(verified.bare.value)})`}; 20y_30m = seconds for 30M events at the measured rate; rss_growth = peak RSS during verification minus RSS before it`,
    );

    // (c) rebuild of reporting's read models
    const feeds = reportingFeeds();
    const events = await publicEventsOf(store, feeds);
    for (const projection of REPORTING_PROJECTIONS) {
      const own = feeds.filter((feed) => feed.projection === projection);
      const mine = events.filter((event) => own.some((feed) => feed.types.has(event.type)));
      const modelFile = path.join(dir, `${projection.name}.model.db`);
      const handFile = path.join(dir, `${projection.name}.hand.db`);
      const contenders = [{ name: 'model', run: () => rebuildThroughModel(store, modelFile, projection, own, mine) }];
      const raw = RAW_REBUILDS[projection.name];
      if (raw) contenders.push({ name: 'by-hand', run: async () => rebuildByHand(handFile, raw, mine) });
      const rebuilt = await compare(contenders, { rounds: sizes.rounds, warmup: 0, label: `rebuild ${projection.name}` });
      const name = `rebuild.${projection.name}.${size}`;
      if (!raw) {
        rows.push({ name, unit: 'events/s', value: rebuilt.model.value });
        notes.push(`(c) ${projection.name}: no hand-written loop yet (bench/lib/reporting-raw-rebuild.ts), model figure only`);
        continue;
      }
      const difference = sameRows(modelFile, handFile, projection);
      if (difference) throw new Error(`${projection.name}: the hand-written loop wrote other rows than the model (${difference})`);
      rows.push(compared({ name, unit: 'events/s', target: REBUILD_FLOOR }, rebuilt.model.value, { name: 'raw better-sqlite3 loop, same rows', value: rebuilt['by-hand'].value }));
      // For scale: the same raw loop with a transaction (fsync) per event, as applyOnce committed before group commit.
      rows.push({ name: `${name}.raw_per_event_commit`, unit: 'events/s', value: rebuildByHand(handFile, raw, mine, 1).value });
    }
    notes.push(
      `(c) ${events.length} public events of the history (gateway-translated before timing), each projection fed only what its feeds read; the model is fed as the embedded consumer feeds a read model: the projection's events of each read batch of ${IN_PROCESS_READ_MODEL_BATCH_SIZE} store events dispatched at once through their feeds (ProjectionHost.applyOnce, group commit: up to 1000 a transaction, fsync at each commit), the next batch after the commit; the raw loop writes the same rows (compared after the rounds) and the same applied-id rows in one transaction per 1000 events (raw_per_event_commit: the same loop committing each event alone, one run: what a transaction per event costs without TypeORM); both SQLite WAL at its default synchronous (FULL); ${sizes.rounds} alternating rounds, medians; floor ${REBUILD_FLOOR}; issue target ${REBUILD_TARGET} events/s absolute`,
    );

    // (e) replay-to-T of one case at 1M events in the store
    const cases = sampleCases(file, REPLAYS);
    const streamsOf = (caseFileId: string) => caseFileStreams(caseFileId, DEFAULT_ZRM_REFERENCE);
    const replayed = await compare(
      [
        { name: 'replay', run: () => timeOperations(cases.length, (i) => caseHistoryAt(store, streamsOf(cases[i].caseFileId), cases[i].asOf)) },
        { name: 'read', run: () => timeOperations(cases.length, (i) => readOnly(store, streamsOf(cases[i].caseFileId), cases[i].asOf)) },
      ],
      { rounds: sizes.rounds, warmup: sizes.warmup, label: 'replay' },
    );
    rows.push({ ...latencyRow(`replay.case_at.${size}.p99`, replayed.replay.p99_ms ?? 0, { name: 'reading the same streams to T, no fold', value: replayed.read.p99_ms ?? 0 }, replayed.replay.p50_ms), limit: REPLAY_P99_LIMIT_MS });
    notes.push(
      `(e) caseHistoryAt (libs/runtime, as GET /audit/case-files/{id}?asOf= runs it in case planning) over the ${cases.length} sampled case files' seven case-planning streams in the store of (a), T alternately the file's opening and now; baseline: the same streams read to T without folding; ${sizes.rounds} rounds, medians of p99; limit ${REPLAY_P99_LIMIT_MS} ms`,
    );

    await store.close();
  });

  // (d) mixed HTTP load
  await withTempDir('bench-reporting-http', async (dir) => {
    const [grouped, single] = await Promise.all([startPlatform(path.join(dir, 'grouped'), 'on'), startPlatform(path.join(dir, 'single'), 'off')]);
    try {
      await prepare(grouped, sizes.http.referrals);
      await prepare(single, sizes.http.referrals);
      const { rate, seconds } = sizes.http;
      const loads = await compare(
        [
          { name: 'grouped', run: () => mixedLoad(grouped, rate, seconds) },
          { name: 'single', run: () => mixedLoad(single, rate, seconds) },
        ],
        { rounds: sizes.rounds, warmup: sizes.http.warmup, label: 'http' },
      );
      const at = `${rate}rps`;
      rows.push(
        latencyRow(`http.mixed.${at}.command_p99`, loads.grouped.value, { name: 'same load, a commit (fsync) per append', value: loads.single.value }, loads.grouped.p50_ms),
        latencyRow(`http.mixed.${at}.read_p99`, loads.grouped.extra?.readP99 ?? 0, { name: 'same load, a commit (fsync) per append', value: loads.single.extra?.readP99 ?? 0 }, loads.grouped.extra?.readP50),
        { name: `http.mixed.${at}.errors`, unit: 'requests', value: (loads.grouped.extra?.errors ?? 0) + (loads.single.extra?.errors ?? 0) },
      );
      notes.push(
        `(d) two platform processes (all five services, in-process transport, file stores at synchronous=FULL), one with group commit (default), one with EVENT_STORE_GROUP_COMMIT=off; open loop at ${rate} requests/s for ${seconds} s a round, 80% GET /referrals/{id} (access-logged) and 20% POST /referrals; latency from each request's scheduled time; ${sizes.rounds} alternating rounds + ${sizes.http.warmup} warm-up, medians; ratio = per-append commit p99 / group commit p99 (higher is better); p50 shown with each`,
      );
    } finally {
      await Promise.all([stopPlatform(grouped), stopPlatform(single)]);
    }
  });

  printTable('reporting: history, seals, read models, mixed load', rows, notes);
  console.log(`\nwrote ${writeResults('reporting', quick, rows)}`);
}

void main();
