/**
 * npm run bench:projections [-- --quick]   (node dist/bench/projections.bench.js [--quick])
 * 1. Rebuild: the consent_index read model built from a history of consent events through the
 *    projection model (runner, TypeORM on better-sqlite3, checkpoint per page), against a
 *    hand-written loop writing the same rows with better-sqlite3 prepared statements, reading the
 *    same pages from the same store, in alternating rounds. Issue floor: 0.5x; events/s reported.
 * 2. Start-up: the platform process (`npm start`'s code, all five services) over a mixed history:
 *    a first start (HTTP listening, then caught up in the background) and a normal restart (ready,
 *    every read model live, and its RSS). Issue limits for the restart: <= 2 s and <= 200 MB at 1M
 *    and at 3M events. Writes bench/results/projections.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { consentDecider, type ConsentEvent, type ConsentState, consentIndexProjection, consentStream } from '@wijkteam/consent';
import { createEventStore, type EventStore, type RecordedEvent } from '@wijkteam/event-store';
import { ProjectionHost } from '@wijkteam/projections';
import { compare, parseArgs, sizeLabel, withTempDir, type RoundResult } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';
import { seedMixedHistory } from './lib/consent-history';

const { quick } = parseArgs();
const sizes = quick ? { rebuild: 100_000, rounds: 3, warmup: 0, startup: [100_000] } : { rebuild: 1_000_000, rounds: 3, warmup: 0, startup: [1_000_000, 3_000_000] };
const PAGE = 1000;
const CONSENT_SHARE_AT_STARTUP = 0.2;
const FLOOR = 0.5;
const RESTART_LIMIT_S = 2;
const RESTART_RSS_LIMIT_MB = 200;
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const decider = consentDecider();

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Through the projection model: a first start of the runner over an empty read model. */
async function throughModel(store: EventStore, file: string, events: number): Promise<RoundResult> {
  removeDatabase(file);
  const started = performance.now();
  const host = await ProjectionHost.open({ service: 'consent', url: `sqlite:${file}`, store, projections: [consentIndexProjection], logger: silent });
  await host.start(0);
  await host.runner(consentIndexProjection.name).whenLive();
  const seconds = (performance.now() - started) / 1000;
  await host.stop();
  return { value: events / seconds };
}

/** By hand: the same pages, the same fold, the same rows and checkpoint, prepared statements, one transaction per page. */
async function byHand(store: EventStore, file: string, events: number): Promise<RoundResult> {
  removeDatabase(file);
  const started = performance.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE consent_index_clients (client_id varchar(36) PRIMARY KEY NOT NULL, revision varchar(20) NOT NULL, state text NOT NULL);
    CREATE TABLE consent_index_consents (consent_id varchar(36) PRIMARY KEY NOT NULL, client_id varchar(36) NOT NULL, status varchar(16) NOT NULL, until varchar(32));
    CREATE INDEX consent_index_consents_due ON consent_index_consents (status, until);
    CREATE TABLE projection_checkpoints (name varchar(64) PRIMARY KEY NOT NULL, version integer NOT NULL, position varchar(24) NOT NULL, updated_at varchar(32) NOT NULL);
    INSERT INTO projection_checkpoints VALUES ('consent_index', 1, '0', '');`);
  const select = db.prepare<[string], { revision: string; state: string }>('SELECT revision, state FROM consent_index_clients WHERE client_id = ?');
  const upsertClient = db.prepare('INSERT INTO consent_index_clients VALUES (?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET revision = excluded.revision, state = excluded.state');
  const upsertConsent = db.prepare('INSERT INTO consent_index_consents VALUES (?, ?, ?, ?) ON CONFLICT (consent_id) DO UPDATE SET status = excluded.status, until = excluded.until');
  const checkpoint = db.prepare("UPDATE projection_checkpoints SET position = ?, updated_at = ? WHERE name = 'consent_index'");
  const applyPage = db.transaction((page: RecordedEvent[]) => {
    const folded = new Map<string, { state: ConsentState; revision: bigint }>();
    for (const event of page) {
      const clientId = consentStream.idOf(event.streamName);
      if (!clientId) continue;
      const stored = folded.get(clientId) ?? ((row) => (row ? { state: JSON.parse(row.state) as ConsentState, revision: BigInt(row.revision) } : { state: decider.initialState(), revision: -1n }))(select.get(clientId));
      if (event.revision <= stored.revision) continue;
      const state = decider.evolve(stored.state, { type: event.type, data: event.data } as unknown as ConsentEvent);
      folded.set(clientId, { state, revision: event.revision });
      const consent = state.consents[(event.data as { consentId: string }).consentId];
      if (consent) upsertConsent.run(consent.consentId, clientId, consent.status, consent.period?.until ?? null);
    }
    for (const [clientId, { state, revision }] of folded) upsertClient.run(clientId, revision.toString(), JSON.stringify(state));
    checkpoint.run(page[page.length - 1].position.toString(), new Date().toISOString());
  });
  let position = 0n;
  for (;;) {
    const page: RecordedEvent[] = [];
    for await (const event of store.readAll({ fromPosition: position === 0n ? 'start' : position, maxCount: PAGE })) page.push(event);
    if (page.length === 0) break;
    applyPage(page);
    position = page[page.length - 1].position;
    if (page.length < PAGE) break;
  }
  db.close();
  return { value: events / ((performance.now() - started) / 1000) };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** VmRSS / VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every read model live and every handler group done (nothing pending). */
async function caughtUp(base: string): Promise<boolean> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const values = (name: string) => [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  const catching = values('wijkteam_projection_catching_up');
  return catching.length > 0 && catching.every((v) => v === 0) && values('wijkteam_consumer_pending').every((v) => v === 0);
}

async function readyAndLive(base: string): Promise<boolean> {
  const response = await fetch(`${base}/health/ready`);
  if (response.status !== 200) return false;
  const { progress } = (await response.json()) as { progress: Record<string, Record<string, string>> };
  return Object.values(progress).every((models) => Object.values(models).every((status) => status === 'live'));
}

function startPlatform(dir: string, port: number): ChildProcess {
  const main = path.join(__dirname, '..', 'apps', 'platform', 'src', 'main.js');
  const env = {
    ...process.env,
    NODE_ENV: 'development', AUTH_MODE: 'development', TRANSPORT: 'in-process', DEMO_DATA: 'false', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
    EVENT_STORE_URL: `sqlite:${path.join(dir, 'events.db')}`, SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'subject-keys.db')}`,
  };
  return spawn(process.execPath, [main], { env, stdio: 'ignore' });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Startup {
  events: number;
  firstListen: number;
  firstCaughtUp: number;
  firstPeakRss: number;
  restartReady: number;
  restartRss: number;
}

async function startup(events: number): Promise<Startup> {
  return withTempDir('bench-startup', async (dir) => {
    const store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`, { synchronous: 'OFF' });
    await seedMixedHistory(store, events, CONSENT_SHARE_AT_STARTUP);
    await store.close();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A first start over an existing history: a new replica, a rebuilt pod, lost read models.
    let started = performance.now();
    const first = startPlatform(dir, port);
    await until(async () => (await fetch(`${base}/health/live`)).status === 200, 120_000);
    const firstListen = (performance.now() - started) / 1000;
    await until(() => caughtUp(base), 1_800_000);
    const firstCaughtUp = (performance.now() - started) / 1000;
    const firstPeakRss = memoryOf(first.pid as number).peak;
    await stop(first);
    // A normal restart: every checkpoint at the head.
    started = performance.now();
    const second = startPlatform(dir, port);
    await until(() => readyAndLive(base), 120_000);
    const restartReady = (performance.now() - started) / 1000;
    const restartRss = memoryOf(second.pid as number).rss;
    await stop(second);
    return { events, firstListen, firstCaughtUp, firstPeakRss, restartReady, restartRss };
  });
}

async function main(): Promise<void> {
  const rows: BenchResult[] = [];
  const size = sizeLabel(sizes.rebuild);
  const medians = await withTempDir('bench-projections', async (dir) => {
    const store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`, { synchronous: 'OFF' });
    await seedMixedHistory(store, sizes.rebuild, 1);
    const events = Number(await store.headPosition());
    const result = await compare(
      [
        { name: 'model', run: () => throughModel(store, path.join(dir, 'model.db'), events) },
        { name: 'by-hand', run: () => byHand(store, path.join(dir, 'by-hand.db'), events) },
      ],
      { rounds: sizes.rounds, warmup: sizes.warmup, label: 'rebuild' },
    );
    await store.close();
    return result;
  });
  rows.push(compared({ name: `rebuild.consent_index.${size}`, unit: 'events/s', target: FLOOR }, medians.model.value, { name: 'hand-written better-sqlite3 loop', value: medians['by-hand'].value }));
  const runs: Startup[] = [];
  for (const events of sizes.startup) runs.push(await startup(events));
  for (const run of runs) {
    const at = sizeLabel(run.events);
    rows.push(
      { name: `startup.first_start.listening.${at}`, unit: 's', value: run.firstListen },
      { name: `startup.first_start.caught_up.${at}`, unit: 's', value: run.firstCaughtUp },
      { name: `startup.first_start.peak_rss.${at}`, unit: 'MB', value: run.firstPeakRss },
      { name: `startup.restart.ready.${at}`, unit: 's', value: run.restartReady, limit: RESTART_LIMIT_S },
      { name: `startup.restart.rss.${at}`, unit: 'MB', value: run.restartRss, limit: RESTART_RSS_LIMIT_MB },
    );
  }
  printTable('projections: rebuild and start-up', rows, [
    `rebuild: ${sizes.rebuild} consent events (5 per client) in a SQLite file store, read in pages of ${PAGE}; ${sizes.rounds} alternating rounds + ${sizes.warmup} warm-up, medians; ratio = model / hand-written loop, floor ${FLOOR}`,
    `start-up: the platform process (all five services, in-process transport, no demo data) over ${sizes.startup.map(sizeLabel).join(' and ')} events, ${CONSENT_SHARE_AT_STARTUP * 100}% consents; one run each`,
    'first start: seconds until HTTP answers /health/live, and until every read model is live and no handler group has anything pending (/metrics); its peak RSS (VmHWM)',
    `restart: seconds until /health/ready is 200 with every read model live, and RSS (VmRSS) then; limits ${RESTART_LIMIT_S} s, ${RESTART_RSS_LIMIT_MB} MB`,
  ]);
  console.log(`\nwrote ${writeResults('projections', quick, rows)}`);
}

void main();
