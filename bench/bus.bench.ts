/**
 * npm run bench:bus [-- --quick]
 * The relay end to end (SQLite store -> relay -> JetStream -> durable consumer -> handler -> ack)
 * against raw async `js.publish` of the same payloads in the same window size (the practical limit of
 * one publisher), in one run, alternating rounds; then append-to-handler latency through the whole
 * path. A private nats-server (JetStream, file storage) is started for the run. Writes
 * bench/results/bus.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SqliteEventStore } from '@wijkteam/event-store';
import {
  encodePublishedEvent,
  ensureStream,
  JetStreamTransport,
  openSqlite,
  type PublishedEvent,
  Relay,
  SqliteCheckpointStore,
} from '@wijkteam/messaging';
import { connect, type NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { compare, parseArgs, percentile, withTempDir, type Contender, type RoundResult } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';
import { EVENT_TYPES, makeBatch, makeEvent } from './store/fixtures';

const { quick } = parseArgs();
const sizes = quick ? { events: 4_000, rounds: 3, warmup: 1, latency: 150, latencyRounds: 3 } : { events: 40_000, rounds: 5, warmup: 1, latency: 500, latencyRounds: 5 };
const WINDOW = 256;
const LATENCY_LIMIT_MS = 50;
const SERVICE = 'relayed';

/** Where the handler reports to; reset by each round. */
const probe = { onEvent: (_event: PublishedEvent): void => undefined };

@Controller()
class BenchHandler {
  @EventPattern(`jeugd.${SERVICE}.*`)
  handle(@Payload() event: PublishedEvent): void {
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
async function storeWith(file: string, count: number): Promise<SqliteEventStore> {
  const writer = SqliteEventStore.open(file, { synchronous: 'OFF' });
  for (let first = 0; first < count; first += 1000) {
    await writer.appendToStream(`case-b${first / 1000}`, makeBatch(Math.min(1000, count - first), first), { expectedRevision: 'no_stream' });
  }
  await writer.close();
  return SqliteEventStore.open(file, { synchronous: 'FULL', pollIntervalMs: 20 });
}

/** Raw: the same payloads, published in windows of WINDOW concurrent `js.publish`, acks awaited. */
function rawContender(nc: NatsConnection): Contender {
  const js = nc.jetstream();
  return {
    name: 'raw',
    async run() {
      const payloads = Array.from({ length: sizes.events }, (_, n) => {
        const event = makeEvent(n);
        const body = { id: event.id, type: event.type, streamName: `case-b${n}`, position: String(n + 1), revision: '0', data: event.data, metadata: event.metadata };
        return { subject: `jeugd.raw.${event.type}`, id: event.id, data: encodePublishedEvent(body as PublishedEvent) };
      });
      const started = performance.now();
      for (let first = 0; first < payloads.length; first += WINDOW) {
        await Promise.all(payloads.slice(first, first + WINDOW).map((p) => js.publish(p.subject, p.data, { msgID: p.id, expect: { streamName: 'JEUGD' } })));
      }
      return { value: sizes.events / ((performance.now() - started) / 1000) };
    },
  };
}

interface Pipeline {
  store: SqliteEventStore;
  relay: Relay;
  consumer: INestMicroservice;
  close(): Promise<void>;
}

/** The project's path: the store, its relay and a Nest consumer on the JetStream transport. */
async function pipeline(url: string, nc: NatsConnection, file: string, events: number): Promise<Pipeline> {
  const store = await storeWith(file, events);
  const db = openSqlite(file);
  const relay = new Relay({ service: SERVICE, store, checkpoints: new SqliteCheckpointStore(db), connection: nc, events: new Set(EVENT_TYPES), windowSize: WINDOW });
  const transport = new JetStreamTransport({ service: 'bench', servers: url, prefetch: 256 });
  const consumer = await NestFactory.createMicroservice(BenchConsumerModule, { strategy: transport, logger: false });
  await consumer.listen();
  return {
    store,
    relay,
    consumer,
    async close() {
      await consumer.close();
      await relay.stop();
      await store.close();
      db.close();
      const jsm = await nc.jetstreamManager();
      await jsm.consumers.delete('JEUGD', `bench__${SERVICE}_any`).catch(() => undefined);
      await jsm.streams.purge('JEUGD');
    },
  };
}

function relayContender(url: string, nc: NatsConnection, dir: string): Contender {
  return {
    name: 'relay',
    async run(round) {
      const p = await pipeline(url, nc, join(dir, `relay-${round + 10}.db`), sizes.events);
      try {
        let handled = 0;
        const done = new Promise<void>((resolve) => {
          probe.onEvent = () => {
            if (++handled === sizes.events) resolve();
          };
        });
        const started = performance.now();
        p.relay.start();
        await done;
        return { value: sizes.events / ((performance.now() - started) / 1000) };
      } finally {
        await p.close();
      }
    },
  };
}

/** One event at a time: append, then wait until the handler has it; the time between, per event. */
async function latencyRound(url: string, nc: NatsConnection, file: string): Promise<RoundResult> {
  const p = await pipeline(url, nc, file, 0);
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
      await p.store.appendToStream(`case-l${n}`, [event], { expectedRevision: 'no_stream' });
      await handled;
      latencies.push(performance.now() - started);
    }
    return { value: percentile(latencies, 99), p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
  } finally {
    await p.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench:bus${quick ? ' --quick' : ''}: alternating rounds, medians (sizes below the table)`);
  await withTempDir('bench-bus', async (dir) => {
    const nats = await startNats(dir);
    const nc: NatsConnection = await connect({ servers: nats.url, name: 'bench' });
    try {
      await ensureStream(await nc.jetstreamManager());
      const throughput = await compare([rawContender(nc), relayContender(nats.url, nc, dir)], { rounds: sizes.rounds, warmup: sizes.warmup, label: 'throughput' });
      const latencies: RoundResult[] = [];
      for (let round = 0; round < sizes.latencyRounds; round += 1) latencies.push(await latencyRound(nats.url, nc, join(dir, `latency-${round}.db`)));
      const median = (get: (r: RoundResult) => number): number => [...latencies.map(get)].sort((a, b) => a - b)[latencies.length >> 1];

      const results: BenchResult[] = [
        compared({ name: 'relay.end_to_end', unit: 'events/s', target: 0.8 }, throughput.relay.value, {
          name: `raw async js.publish, windows of ${WINDOW}`,
          value: throughput.raw.value,
        }),
        { name: 'relay.append_to_handler', unit: 'ms', value: median((r) => r.p99_ms ?? 0), limit: LATENCY_LIMIT_MS, p50_ms: median((r) => r.p50_ms ?? 0), p99_ms: median((r) => r.p99_ms ?? 0) },
      ];
      printTable('Bus: relay end to end vs raw JetStream publish; append-to-handler latency', results, [
        `sizes per round: ${sizes.events} events (~420 B JSON, 4 types) per throughput round; ${sizes.latency} sequential events per latency round`,
        `relay.end_to_end: from relay start (events already in a fresh SQLite store) until the Nest handler on a durable JetStream consumer has all of them (ack sent after each); ` +
          `relay window ${WINDOW} (concurrent publishes, acks awaited, checkpoint written per window, synchronous=FULL); consumer concurrency 1, prefetch 256`,
        `raw: js.publish of the same payloads with Nats-Msg-Id, in windows of ${WINDOW}, acks awaited; no store, no consumer`,
        `relay.append_to_handler: one event at a time, from appendToStream (synchronous=FULL) until the handler runs; value = p99, median over ${sizes.latencyRounds} rounds; limit ${LATENCY_LIMIT_MS} ms is ours (the issue sets none)`,
        `rounds: ${sizes.warmup} warm-up + ${sizes.rounds} measured, order rotated each round; figures are medians over rounds; stream purged and consumer deleted between rounds`,
        `NATS: private nats-server 2.9 (JetStream, file storage, R1) on 127.0.0.1; producer, consumer and server share the machine's 2 cores`,
        `machine: ${process.version}; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
      ]);
      console.log(`\nwrote ${writeResults('bus', quick, results)}`);
    } finally {
      await nc.close();
      nats.child.kill('SIGTERM');
    }
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
