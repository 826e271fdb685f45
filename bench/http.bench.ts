/**
 * npm run bench:http [-- --quick]   (node dist/bench/http.bench.js [--quick])
 * The platform as `npm start` runs it (a child process: all five services, SQLite at full
 * durability, in-process transport, request log at info), under an open-loop load: each request is
 * sent at its scheduled time whatever the answers before it did, and its latency counts from that
 * time (no coordinated omission). A realistic mix: new referrals 30 %, declines of earlier ones 10 %,
 * consent grants 20 %, case reads 25 % (each access-logged), worklist pages 15 %. Rates 100, 200,
 * 500 and 1,000 requests/s (quick: 100, 200), each for 30 s (quick: 3 s) after a warm-up, in 3
 * rounds alternating with the baseline: a bare Nest endpoint doing one better-sqlite3 statement
 * per request at the same durability (bench/http/bare-server.ts), for the same mix.
 * Then overload: a platform with MAX_EVENT_LOOP_DELAY_MS=100 at 1,500 requests/s (quick: 600).
 * Reported: p50/p99/p99.9 of commands and reads per rate, refusals (503) and the longest time to a
 * refusal, errors (any other non-2xx, resets, timeouts), and the highest rate whose p99 stays under
 * 50 ms with under 1 % refused: the platform's against the baseline's (floor 0.5×).
 * Writes bench/results/http.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, parseArgs, percentile, withTempDir } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';

const { quick } = parseArgs();
const sizes = quick
  ? { rates: [100, 200], seconds: 3, warmupSeconds: 2, rounds: 3, overloadRate: 600 }
  : { rates: [100, 200, 500, 1000], seconds: 30, warmupSeconds: 10, rounds: 3, overloadRate: 1500 };
/** The latency budget of the overload phase: what a production deployment sets (README, MAX_EVENT_LOOP_DELAY_MS). */
const BUDGET_MS = 100;
const SUSTAINABLE_P99_MS = 50;
const REQUEST_TIMEOUT_MS = 10_000;
const dist = path.join(__dirname, '..');

type Kind = 'referral' | 'decline' | 'consent' | 'read' | 'list';
const MIX: [Kind, number][] = [
  ['referral', 0.3],
  ['decline', 0.1],
  ['consent', 0.2],
  ['read', 0.25],
  ['list', 0.15],
];
const COMMANDS: readonly Kind[] = ['referral', 'decline', 'consent'];

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Reads the id a created record answers with. */
  created?: (answer: string) => void;
}
interface Sample {
  kind: Kind;
  status: number;
  latencyMs: number;
}

/** One server under load: how it starts, and the request it sends for each kind of the mix. */
interface Target {
  name: string;
  port: number;
  stop(): Promise<void>;
  call(kind: Kind): Call;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

function spawnServer(args: string[], env: Record<string, string>): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await fetch(url).then((response) => response.status < 500, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer from ${url}`);
}

const json = { 'Content-Type': 'application/json' };
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

async function startPlatform(dir: string, name = 'platform', settings: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  const server = spawnServer([path.join(dist, 'apps/platform/src/main.js')], {
    PORT: String(port),
    AUTH_MODE: 'development',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
    EVENT_STORE_URL: `sqlite:${path.join(dir, 'events.db')}`,
    SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'keys.db')}`,
    MESSAGING_DB_PATH: path.join(dir, 'messaging.db'),
    ...settings,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/ready`);
  const bearer = async (userId: string) => {
    const answer = await fetch(`${base}/auth/dev/token`, { method: 'POST', headers: json, body: JSON.stringify({ userId }) });
    return { ...json, Authorization: `Bearer ${((await answer.json()) as { access_token: string }).access_token}` };
  };
  const [frontOffice, coordinator, coach] = await Promise.all([bearer('front-office-1'), bearer('coordinator-1'), bearer('coach-noord-1')]);
  const referrals: string[] = [];
  const undecided: string[] = [];
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString();
  let n = 0;
  return {
    name,
    port,
    stop: server.stop,
    call(kind) {
      const referralId = kind === 'decline' ? undecided.pop() : pick(referrals);
      if (kind === 'referral' || (kind !== 'consent' && kind !== 'list' && !referralId)) {
        n += 1;
        const body = {
          channel: 'phone',
          route: 'jgz',
          children: [{ person: { name: `Kind ${n} Belasting`, birthDate: `201${n % 10}-0${1 + (n % 9)}-1${n % 10}` } }],
          referrer: { organisation: 'JGZ Noord', role: 'jeugdverpleegkundige', contact: 'Verwijzer, 06-11112222' },
          helpQuestion: 'Ouders vragen hulp bij de opvoeding.',
          etmIndication: 3,
          warmHandover: true,
          clientConsented: true,
          inCareWith: 'none',
        };
        return {
          method: 'POST',
          path: '/referrals',
          headers: frontOffice,
          body: JSON.stringify(body),
          created: (answer) => {
            const id = (JSON.parse(answer) as { referralId: string }).referralId;
            referrals.push(id);
            undecided.push(id);
          },
        };
      }
      if (kind === 'decline') return { method: 'POST', path: `/referrals/${referralId}/decline`, headers: coordinator, body: JSON.stringify({ reason: 'better_served_by_network', redirect: 'own_network' }) };
      if (kind === 'read') return { method: 'GET', path: `/referrals/${referralId}`, headers: frontOffice };
      if (kind === 'list') return { method: 'GET', path: '/worklists/new-referrals', headers: frontOffice };
      const grant = {
        clientId: randomUUID(),
        subjectAge: 13,
        grantors: [{ relation: 'client' }, { relation: 'parent' }],
        purpose: 'network_analysis',
        recipient: { organisation: 'jgz' },
        dataCategories: ['help_request', 'plan_of_approach'],
        period: { from: day(-1), until: day(90) },
        evidence: { documentId: randomUUID() },
      };
      return { method: 'POST', path: '/consent/grants', headers: coach, body: JSON.stringify(grant) };
    },
  };
}

async function startBare(dir: string): Promise<Target> {
  const port = await freePort();
  const server = spawnServer([path.join(dist, 'bench/http/bare-server.js'), String(port), path.join(dir, 'bare.db')], {});
  await waitFor(`http://127.0.0.1:${port}/records`);
  const ids: string[] = [];
  let n = 0;
  return {
    name: 'bare Nest + better-sqlite3',
    port,
    stop: server.stop,
    call(kind) {
      const id = pick(ids);
      if ((kind === 'read' && id) || kind === 'list') return { method: 'GET', path: kind === 'read' ? `/records/${id}` : '/records', headers: {} };
      n += 1;
      return { method: 'POST', path: '/records', headers: json, body: JSON.stringify({ kind, n, text: 'Ouders vragen hulp bij de opvoeding.' }), created: (answer) => ids.push((JSON.parse(answer) as { id: string }).id) };
    },
  };
}

/** Sends `rate` requests a second for `seconds` at their scheduled times; each latency counts from its schedule. */
async function openLoop(target: Target, rate: number, seconds: number): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
  const kinds: Kind[] = [];
  for (const [kind, share] of MIX) for (let i = 0; i < Math.round(share * 20); i += 1) kinds.push(kind);
  const total = rate * seconds;
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now() + 10;
  const fire = (index: number, scheduledAt: number) => {
    const kind = kinds[index % kinds.length];
    const call = target.call(kind);
    pending.push(
      new Promise<void>((resolve) => {
        const done = (status: number, answer = '') => {
          samples.push({ kind, status, latencyMs: performance.now() - scheduledAt });
          if (status === 201 && call.created) call.created(answer);
          resolve();
        };
        const sent = http.request({ host: '127.0.0.1', port: target.port, method: call.method, path: call.path, agent, headers: call.body ? { ...call.headers, 'Content-Length': String(Buffer.byteLength(call.body)) } : call.headers, timeout: REQUEST_TIMEOUT_MS }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => done(response.statusCode ?? 0, text));
        });
        sent.on('timeout', () => sent.destroy(new Error('timeout'))).on('error', () => done(0));
        sent.end(call.body);
      }),
    );
  };
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + (next * 1000) / rate <= now; next += 1) fire(next, start + (next * 1000) / rate);
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 10);
  });
  await Promise.all(pending);
  agent.destroy();
  return samples;
}

interface RateFigures {
  commandsP50: number;
  commandsP99: number;
  commandsP999: number;
  readsP50: number;
  readsP99: number;
  readsP999: number;
  refused: number;
  slowestRefusalMs: number;
  errors: number;
  sent: number;
  /** Errors by kind and status, e.g. `decline 409` (status 0: reset or timeout). */
  errorKinds: string[];
}

function figuresOf(samples: readonly Sample[]): RateFigures {
  const admitted = samples.filter((sample) => sample.status >= 200 && sample.status < 300);
  const latencies = (kinds: readonly Kind[]) => admitted.filter((sample) => kinds.includes(sample.kind)).map((sample) => sample.latencyMs);
  const at = (values: number[], p: number) => (values.length > 0 ? percentile(values, p) : Number.NaN);
  const commands = latencies(COMMANDS);
  const reads = latencies(['read', 'list']);
  const refusals = samples.filter((sample) => sample.status === 503 || sample.status === 429);
  return {
    commandsP50: at(commands, 50),
    commandsP99: at(commands, 99),
    commandsP999: at(commands, 99.9),
    readsP50: at(reads, 50),
    readsP99: at(reads, 99),
    readsP999: at(reads, 99.9),
    refused: refusals.length,
    slowestRefusalMs: refusals.reduce((slowest, sample) => Math.max(slowest, sample.latencyMs), 0),
    errors: samples.length - admitted.length - refusals.length,
    sent: samples.length,
    errorKinds: samples.filter((sample) => (sample.status < 200 || sample.status >= 300) && sample.status !== 503 && sample.status !== 429).map((sample) => `${sample.kind} ${sample.status}`),
  };
}

const countsOf = (values: readonly string[]) => [...values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map<string, number>())];

const sustains = (figures: RateFigures) => Math.max(figures.commandsP99, figures.readsP99) < SUSTAINABLE_P99_MS && figures.refused < figures.sent * 0.01 && figures.errors === 0;

void withTempDir('bench-http', async (dir) => {
  const targets = [await startPlatform(dir), await startBare(dir)];
  const rows: BenchResult[] = [];
  const sustainable = new Map<string, number>(targets.map((target) => [target.name, 0]));
  const byRate = new Map<string, RateFigures[]>();
  const errorNotes: string[] = [];
  try {
    // Warm-up: JIT, caches, and records for the reads and declines to name.
    for (const target of targets) await openLoop(target, 50, sizes.warmupSeconds);
    for (const rate of sizes.rates) {
      for (let round = 0; round < sizes.rounds; round += 1) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        for (const target of order) {
          const figures = figuresOf(await openLoop(target, rate, sizes.seconds));
          const key = `${target.name}@${rate}`;
          byRate.set(key, [...(byRate.get(key) ?? []), figures]);
        }
      }
      for (const target of targets) {
        const rounds = byRate.get(`${target.name}@${rate}`) as RateFigures[];
        const med = (pick: (figures: RateFigures) => number) => median(rounds.map(pick));
        const figures: RateFigures = {
          commandsP50: med((f) => f.commandsP50),
          commandsP99: med((f) => f.commandsP99),
          commandsP999: med((f) => f.commandsP999),
          readsP50: med((f) => f.readsP50),
          readsP99: med((f) => f.readsP99),
          readsP999: med((f) => f.readsP999),
          refused: med((f) => f.refused),
          slowestRefusalMs: med((f) => f.slowestRefusalMs),
          errors: med((f) => f.errors),
          sent: med((f) => f.sent),
          errorKinds: rounds.flatMap((f) => f.errorKinds),
        };
        for (const [kind, count] of countsOf(figures.errorKinds)) errorNotes.push(`${target.name} at ${rate}/s: ${count} × ${kind} in ${sizes.rounds} rounds`);
        if (sustains(figures)) sustainable.set(target.name, Math.max(sustainable.get(target.name) as number, rate));
        if (target.name !== 'platform') continue;
        const commandLimit = rate <= 200 ? 20 : rate <= 500 ? 50 : undefined;
        rows.push(
          { name: `commands.${rate}rps.p99`, unit: 'ms', value: figures.commandsP99, p50_ms: figures.commandsP50, p99_ms: figures.commandsP99, ...(commandLimit ? { limit: commandLimit } : {}) },
          { name: `commands.${rate}rps.p99.9`, unit: 'ms', value: figures.commandsP999 },
          { name: `reads.${rate}rps.p99`, unit: 'ms', value: figures.readsP99, p50_ms: figures.readsP50, p99_ms: figures.readsP99, ...(rate <= 500 ? { limit: 20 } : {}) },
          { name: `refused.${rate}rps`, unit: 'requests', value: figures.refused },
          { name: `errors.${rate}rps`, unit: 'requests', value: figures.errors, limit: 0 },
        );
        const bare = byRate.get(`${targets[1].name}@${rate}`) as RateFigures[];
        rows.push({ name: `baseline.${rate}rps.p99`, unit: 'ms', value: median(bare.map((f) => Math.max(f.commandsP99, f.readsP99))) });
      }
    }
  } finally {
    for (const target of targets) await target.stop();
  }
  // Overload: past what it sustains, a platform with a latency budget refuses at once and keeps the latency of what it admits.
  const budgeted = await startPlatform(path.join(dir, 'budgeted'), 'platform with a budget', { MAX_EVENT_LOOP_DELAY_MS: String(BUDGET_MS) });
  try {
    await openLoop(budgeted, 50, sizes.warmupSeconds);
    const rounds: RateFigures[] = [];
    for (let round = 0; round < sizes.rounds; round += 1) rounds.push(figuresOf(await openLoop(budgeted, sizes.overloadRate, sizes.seconds)));
    const med = (pick: (figures: RateFigures) => number) => median(rounds.map(pick));
    for (const [kind, count] of countsOf(rounds.flatMap((f) => f.errorKinds))) errorNotes.push(`platform with a budget at ${sizes.overloadRate}/s: ${count} × ${kind} in ${sizes.rounds} rounds`);
    rows.push(
      { name: `overload.${sizes.overloadRate}rps.admitted.p99`, unit: 'ms', value: med((f) => Math.max(f.commandsP99, f.readsP99)), p50_ms: med((f) => f.commandsP50), p99_ms: med((f) => f.commandsP99) },
      { name: `overload.${sizes.overloadRate}rps.refused`, unit: 'requests', value: med((f) => f.refused) },
      { name: `overload.${sizes.overloadRate}rps.slowest_refusal`, unit: 'ms', value: Math.max(...rounds.map((f) => f.slowestRefusalMs)), limit: BUDGET_MS },
      { name: `overload.${sizes.overloadRate}rps.errors`, unit: 'requests', value: med((f) => f.errors), limit: 0 },
    );
  } finally {
    await budgeted.stop();
  }
  const baselineRate = sustainable.get(targets[1].name) as number;
  rows.push(compared({ name: 'sustainable_rate', unit: 'requests/s', target: 0.5 }, sustainable.get('platform') as number, { name: `${targets[1].name}, p99 < ${SUSTAINABLE_P99_MS} ms`, value: Math.max(baselineRate, 1) }));
  printTable('bench:http — the platform under an open-loop load', rows, [
    `rates ${sizes.rates.join(', ')} requests/s, ${sizes.seconds} s each after a ${sizes.warmupSeconds} s warm-up at 50/s, ${sizes.rounds} rounds alternating with the baseline; medians of the rounds`,
    'mix: referrals 30 %, declines 10 %, consent grants 20 %, case reads 25 %, worklist pages 15 %; latency from each request\'s scheduled time (open loop)',
    `sustainable: the highest rate with p99 < ${SUSTAINABLE_P99_MS} ms, under 1 % refused and no errors; refusals are 503/429 answers, errors anything else that is not 2xx, a reset or a timeout (${REQUEST_TIMEOUT_MS / 1000} s)`,
    ...errorNotes,
    `overload: a second platform process with MAX_EVENT_LOOP_DELAY_MS=${BUDGET_MS} at ${sizes.overloadRate} requests/s, ${sizes.rounds} rounds; slowest refusal is the maximum over the rounds`,
    'platform: a child process as npm start runs it, SQLite synchronous = FULL, request log at info to /dev/null; baseline: a bare Nest endpoint, one better-sqlite3 statement per request, same durability',
  ]);
  writeResults('http', quick, rows);
});
