/**
 * npm run bench:bus [-- --quick]
 * The relay end to end (SQLite store -> relay -> JetStream -> durable consumer -> handler -> ack)
 * against raw async `js.publish` of the same payloads in the same window size (the practical limit of
 * one publisher), in one run, alternating rounds; then append-to-handler latency through the whole
 * path. A private nats-server (JetStream, file storage) is started for the run. Writes
 * bench/results/bus.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Controller, type INestMicroservice, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { CanonicalId, defineEvent, type PublicEvent, type ServiceName, streamOf } from '@wijkteam/contracts';
import { SqliteEventStore } from '@wijkteam/event-store';
import {
  ConsumeEvents,
  defineGateway,
  ensureStream,
  JetStreamTransport,
  openSqlite,
  Relay,
  SqliteCheckpointStore,
  toPublic,
  toPublicMessage,
} from '@wijkteam/messaging';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { z } from 'zod/v4';
import { v7 as uuidv7 } from 'uuid';
import { compare, parseArgs, percentile, withTempDir, type Contender, type RoundResult } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';
import { EVENT_TYPES, makeBatch, makeEvent } from './store/fixtures';

// The consumer of the throughput rounds runs in a child process (as another service would):
// `bus.bench.js --consumer-child <natsUrl>`. It is not a user-facing flag.
const CHILD_FLAG = '--consumer-child';
const childMode = process.argv[2] === CHILD_FLAG;
const { quick } = childMode ? { quick: false } : parseArgs();
// The relay logs each lease change (every round); only problems belong in a benchmark's output.
Logger.overrideLogger(['error', 'warn']);
const sizes = quick ? { events: 4_000, rounds: 3, warmup: 1, latency: 150, latencyRounds: 3 } : { events: 40_000, rounds: 5, warmup: 1, latency: 500, latencyRounds: 5 };
const WINDOW = 256;
const LATENCY_LIMIT_MS = 50;
// A real owner: a relay publishes only events of its own service's streams (libs/contracts streamOf).
// Each contender publishes as another owner, so on subjects the relay's consumer does not read.
const SERVICE = 'reporting';
const PUBLISH_ONLY_SERVICE = 'intake';
const RAW_SERVICE = 'safety';
const benchStream = (service: ServiceName) => streamOf(service, 'benchCase');

/** The bench's public events: the fixture's types, through a gateway and validated like a service's. */
function benchEvents(service: string) {
  const definitions = EVENT_TYPES.map((type) =>
    defineEvent({
      service: service as ServiceName,
      type,
      version: 1,
      description: `bench ${type}`,
      subject: (data) => data.ref,
      data: z.strictObject({ ref: CanonicalId, hours: z.number().int(), team: z.string().regex(/^[a-z0-9-]+$/) }),
    }),
  );
  const gateway = defineGateway(service as ServiceName, {
    routes: Object.fromEntries(definitions.map((d) => [d.type, toPublic(d, (event) => ({ ref: event.id, hours: event.data.hours, team: event.data.team }))])),
  });
  return { definitions, gateway };
}
const { definitions } = benchEvents(SERVICE);
const gateways = new Map<string, ReturnType<typeof benchEvents>['gateway']>();
const gatewayOf = (service: string) => gateways.get(service) ?? gateways.set(service, benchEvents(service).gateway).get(service)!;

/** Where the handler reports to; reset by each round. */
const probe = { onEvent: (_event: PublicEvent): void => undefined };

@Controller()
class BenchHandler {
  @ConsumeEvents(null, ...definitions)
  handle(@Payload() event: PublicEvent): void {
    probe.onEvent(event);
  }
}

@Module({ controllers: [BenchHandler] })
class BenchConsumerModule {}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startNats(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('/usr/sbin/nats-server', ['-js', '-p', String(port), '-sd', join(dir, 'nats'), '-a', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`nats-server exited: ${log}`)));
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { url: `nats://127.0.0.1:${port}`, child };
}

/** A fresh store file holding `count` events (fixture, not measured). */
async function storeWith(file: string, count: number, service: ServiceName): Promise<SqliteEventStore> {
  const writer = SqliteEventStore.open(file, { synchronous: 'OFF' });
  for (let first = 0; first < count; first += 1000) {
    await writer.appendToStream(benchStream(service)(`b${first / 1000}`), makeBatch(Math.min(1000, count - first), first), { expectedRevision: 'no_stream' });
  }
  await writer.close();
  return SqliteEventStore.open(file, { synchronous: 'FULL', pollIntervalMs: 20 });
}

/** CPU seconds of another process from /proc (Linux; utime + stime in USER_HZ = 100 ticks), or undefined. */
function cpuOfPid(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * CPU time per event of each process on the path during a round (this process, nats-server, the
 * consumer child), for reading the ratios: on 2 shared cores a path that needs more CPU in total
 * loses more throughput when other work takes a core. Reported in the notes only, never compared.
 */
class CpuMeter {
  readonly pids: { nats?: number; consumer?: number } = {};

  /** Starts measuring; the returned function gives microseconds per event for each process seen. */
  start(): (events: number) => Record<string, number> {
    const self = process.cpuUsage();
    const before = { cpuNatsUs: cpuOfPid(this.pids.nats), cpuConsumerUs: cpuOfPid(this.pids.consumer) };
    return (events) => {
      const used = process.cpuUsage(self);
      const figures: Record<string, number> = { cpuSelfUs: (used.user + used.system) / events };
      const after = { cpuNatsUs: cpuOfPid(this.pids.nats), cpuConsumerUs: cpuOfPid(this.pids.consumer) };
      for (const key of ['cpuNatsUs', 'cpuConsumerUs'] as const) {
        const [from, to] = [before[key], after[key]];
        if (from !== undefined && to !== undefined) figures[key] = ((to - from) * 1e6) / events;
      }
      return figures;
    };
  }
}

/** Raw: the same payloads, published in windows of WINDOW concurrent `js.publish`, acks awaited. */
function rawContender(nc: NatsConnection, cpu: CpuMeter): Contender {
  const js = nc.jetstream();
  return {
    name: 'raw',
    async run() {
      const payloads = Array.from({ length: sizes.events }, (_, n) => {
        // The very message the relay would publish (CloudEvents headers, public data), built beforehand.
        const event = { ...makeEvent(n), streamName: benchStream(RAW_SERVICE)(`b${n}`), revision: 0n, position: BigInt(n + 1), recordedAt: new Date() };
        const raw = gatewayOf(RAW_SERVICE);
        const message = toPublicMessage(raw.routeOf(event)?.definition ?? definitions[0], raw.publish(event) as PublicEvent);
        const h = natsHeaders();
        for (const [name, value] of Object.entries(message.headers)) h.set(name, value);
        return { subject: message.subject, id: event.id, data: message.body, headers: h };
      });
      const used = cpu.start();
      const started = performance.now();
      for (let first = 0; first < payloads.length; first += WINDOW) {
        await Promise.all(payloads.slice(first, first + WINDOW).map((p) => js.publish(p.subject, p.data, { msgID: p.id, headers: p.headers, expect: { streamName: 'JEUGD' } })));
      }
      const value = sizes.events / ((performance.now() - started) / 1000);
      return { value, extra: used(sizes.events) };
    },
  };
}

interface Pipeline {
  store: SqliteEventStore;
  relay: Relay;
  close(): Promise<void>;
}

/** The project's path: the store, its relay and (in this process or not) a Nest consumer on JetStream. */
async function pipeline(url: string, nc: NatsConnection, file: string, events: number, service: ServiceName, withConsumer: boolean): Promise<Pipeline> {
  const store = await storeWith(file, events, service);
  const db = openSqlite(file);
  const relay = new Relay({ service, store, checkpoints: new SqliteCheckpointStore(db), connection: nc, gateway: gatewayOf(service), windowSize: WINDOW });
  const consumer = withConsumer ? await startConsumer(url) : undefined;
  return {
    store,
    relay,
    async close() {
      await consumer?.close();
      await relay.stop();
      await store.close();
      db.close();
      const jsm = await nc.jetstreamManager();
      if (consumer) await jsm.consumers.delete('JEUGD', `bench__${SERVICE}_any`).catch(() => undefined);
      await jsm.streams.purge('JEUGD');
    },
  };
}

/** The consumer service: a Nest microservice on the JetStream transport with a no-op handler. */
async function startConsumer(url: string): Promise<INestMicroservice> {
  const transport = new JetStreamTransport({ service: 'bench', servers: url, prefetch: 256 });
  const consumer = await NestFactory.createMicroservice(BenchConsumerModule, { strategy: transport, logger: false });
  await consumer.listen();
  return consumer;
}

/**
 * Child process: the consumer service, alive for all rounds so its JIT is as warm as the relay's.
 * On `expect <n>` from stdin it answers `ready`, then `done` once n more events were handled.
 */
async function consumerChild(url: string): Promise<void> {
  let handled = 0;
  let target = Number.POSITIVE_INFINITY;
  probe.onEvent = () => {
    if (++handled === target) process.stdout.write('done\n');
  };
  await startConsumer(url);
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
    const match = /expect (\d+)/.exec(chunk);
    if (!match) return;
    handled = 0;
    target = Number(match[1]);
    process.stdout.write('ready\n');
  });
  process.stdout.write('ready\n');
}

/** The parent's handle on the consumer child: ask it to count, wait for its answers. */
class ConsumerChild {
  private readonly child: ChildProcess;
  private buffer = '';
  private waiters: Array<{ line: string; resolve: () => void }> = [];

  constructor(url: string) {
    this.child = spawn(process.execPath, [__filename, CHILD_FLAG, url], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const index = this.waiters.findIndex((w) => w.line === line);
        if (index >= 0) this.waiters.splice(index, 1)[0].resolve();
      }
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  next(line: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ line, resolve }));
  }

  async expect(count: number): Promise<{ done: Promise<void> }> {
    const ready = this.next('ready');
    const done = this.next('done');
    this.child.stdin?.write(`expect ${count}\n`);
    await ready;
    return { done };
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** The relay alone: from start until JetStream acknowledged every event (no consumer running). */
function relayPublishContender(url: string, nc: NatsConnection, dir: string, cpu: CpuMeter): Contender {
  return {
    name: 'relay-publish',
    async run(round) {
      // Its own subjects: the consumer child (filter jeugd.reporting.*) must not work during these rounds.
      const p = await pipeline(url, nc, join(dir, `publish-${round + 10}.db`), sizes.events, PUBLISH_ONLY_SERVICE, false);
      try {
        const used = cpu.start();
        const started = performance.now();
        p.relay.start();
        while (p.relay.metrics().acked < sizes.events) await new Promise((resolve) => setTimeout(resolve, 1));
        const value = sizes.events / ((performance.now() - started) / 1000);
        return { value, extra: used(sizes.events) };
      } finally {
        await p.close();
      }
    },
  };
}

function relayContender(url: string, nc: NatsConnection, dir: string, consumer: ConsumerChild, cpu: CpuMeter): Contender {
  return {
    name: 'relay',
    async run(round) {
      const p = await pipeline(url, nc, join(dir, `relay-${round + 10}.db`), sizes.events, SERVICE, false);
      try {
        const { done } = await consumer.expect(sizes.events);
        const used = cpu.start();
        const started = performance.now();
        p.relay.start();
        await done;
        const value = sizes.events / ((performance.now() - started) / 1000);
        return { value, extra: used(sizes.events) };
      } finally {
        await p.close();
      }
    },
  };
}

/** One event at a time: append, then wait until the handler has it; the time between, per event. */
async function latencyRound(url: string, nc: NatsConnection, file: string): Promise<RoundResult> {
  const p = await pipeline(url, nc, file, 0, SERVICE, true);
  try {
    p.relay.start();
    await new Promise((resolve) => setTimeout(resolve, 300)); // lease taken, consumer pulling
    const latencies: number[] = [];
    for (let n = 0; n < sizes.latency; n += 1) {
      const event = { ...makeEvent(n), id: uuidv7() };
      const handled = new Promise<void>((resolve) => {
        probe.onEvent = (e) => e.id === event.id && resolve();
      });
      const started = performance.now();
      await p.store.appendToStream(benchStream(SERVICE)(`l${n}`), [event], { expectedRevision: 'no_stream' });
      await handled;
      latencies.push(performance.now() - started);
    }
    return { value: percentile(latencies, 99), p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
  } finally {
    await p.close();
  }
}

/** The CPU figures of the throughput rounds as one note line (Linux only; ±10 ms per process and round). */
function cpuNote(throughput: Record<string, RoundResult>): string {
  const us = (name: string, key: string): number | undefined => throughput[name]?.extra?.[key];
  const line = (name: string, label: string, parts: Array<[string, string]>): string => {
    const figures = parts.map(([key, who]) => [us(name, key), who] as const).filter(([value]) => value !== undefined) as Array<readonly [number, string]>;
    const total = figures.reduce((sum, [value]) => sum + value, 0);
    return `${label} ${figures.map(([value, who]) => `${value.toFixed(1)} ${who}`).join(' + ')} = ${total.toFixed(1)}`;
  };
  return (
    'CPU µs per event, medians over rounds (what each process used while the round ran): ' +
    [
      line('raw', 'raw', [['cpuSelfUs', 'publisher'], ['cpuNatsUs', 'nats-server']]),
      line('relay-publish', 'relay.publish_only', [['cpuSelfUs', 'relay'], ['cpuNatsUs', 'nats-server']]),
      line('relay', 'relay.end_to_end', [['cpuSelfUs', 'relay'], ['cpuNatsUs', 'nats-server'], ['cpuConsumerUs', 'consumer']]),
    ].join('; ') +
    '. End to end needs more CPU in total than raw publishing, spread over three processes on 2 cores, so its ratio drops more than raw when other work on the machine takes CPU (load average below)'
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  console.log(`bench:bus${quick ? ' --quick' : ''}: alternating rounds, medians (sizes below the table)`);
  await withTempDir('bench-bus', async (dir) => {
    const nats = await startNats(dir);
    // One connection for both contenders; no async stack traces (nats.js builds two errors per request otherwise).
    const nc: NatsConnection = await connect({ servers: nats.url, name: 'bench', noAsyncTraces: true });
    try {
      await ensureStream(await nc.jetstreamManager());
      const consumer = new ConsumerChild(nats.url);
      await consumer.next('ready');
      const cpu = new CpuMeter();
      Object.assign(cpu.pids, { nats: nats.child.pid, consumer: consumer.pid });
      const throughput = await compare([rawContender(nc, cpu), relayPublishContender(nats.url, nc, dir, cpu), relayContender(nats.url, nc, dir, consumer, cpu)], {
        rounds: sizes.rounds,
        warmup: sizes.warmup,
        label: 'throughput',
      }).finally(() => consumer.stop());
      const latencies: RoundResult[] = [];
      for (let round = 0; round < sizes.latencyRounds; round += 1) latencies.push(await latencyRound(nats.url, nc, join(dir, `latency-${round}.db`)));
      const median = (get: (r: RoundResult) => number): number => [...latencies.map(get)].sort((a, b) => a - b)[latencies.length >> 1];

      const raw = { name: `raw async js.publish, windows of ${WINDOW}`, value: throughput.raw.value };
      const results: BenchResult[] = [
        compared({ name: 'relay.end_to_end', unit: 'events/s', target: 0.8 }, throughput.relay.value, raw),
        compared({ name: 'relay.publish_only', unit: 'events/s', target: 0.8 }, throughput['relay-publish'].value, raw),
        { name: 'relay.append_to_handler', unit: 'ms', value: median((r) => r.p99_ms ?? 0), limit: LATENCY_LIMIT_MS, p50_ms: median((r) => r.p50_ms ?? 0), p99_ms: median((r) => r.p99_ms ?? 0) },
      ];
      printTable('Bus: relay end to end vs raw JetStream publish; append-to-handler latency', results, [
        `sizes per round: ${sizes.events} events (~420 B JSON, 4 types) per throughput round; ${sizes.latency} sequential events per latency round`,
        `relay.end_to_end: from relay start (events already in a fresh SQLite store) until the Nest handler on a durable JetStream consumer has all of them (ack sent after each); ` +
          `relay window ${WINDOW} (concurrent publishes, two windows in flight, checkpoint saved in order at most every 250 ms while catching up, synchronous=FULL); ` +
          `consumer: a separate warm process (as another service) on the project's JetStreamTransport, defaults except prefetch 256 ` +
          '(concurrency 1, re-pull once half the prefetch has arrived, acks coalesced per event-loop turn); no-op handler, no interceptors',
        `relay.publish_only: the same relay without a consumer, from start until every PubAck is in (for reading the end-to-end figure)`,
        `raw: js.publish of the same payloads with Nats-Msg-Id and expected stream, in windows of ${WINDOW}, acks awaited; no store, no consumer; ` +
          'relay and raw share one connection (noAsyncTraces)',
        `relay.append_to_handler: one event at a time, from appendToStream (synchronous=FULL) until the handler runs; value = p99, median over ${sizes.latencyRounds} rounds; limit ${LATENCY_LIMIT_MS} ms is ours (the issue sets none)`,
        `rounds: ${sizes.warmup} warm-up + ${sizes.rounds} measured, order rotated each round; figures are medians over rounds; stream purged between rounds, a fresh store file per relay round`,
        `NATS: private nats-server 2.9 (JetStream, file storage, R1) on 127.0.0.1; producer, consumer and server share the machine's 2 cores`,
        cpuNote(throughput),
        `machine: ${process.version}; load average (1 min) ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at the end; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
      ]);
      console.log(`\nwrote ${writeResults('bus', quick, results)}`);
    } finally {
      await nc.close();
      nats.child.kill('SIGTERM');
    }
  });
}

const run = childMode ? consumerChild(process.argv[3]) : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
