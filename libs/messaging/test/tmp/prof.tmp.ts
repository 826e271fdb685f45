import { join } from 'node:path';
import { SqliteEventStore } from '@wijkteam/event-store';
import { encodePublishedEvent, ensureStream, openSqlite, Relay, SqliteCheckpointStore, toPublishedEvent } from '../../src';
import { natsConnect } from '../support/bus';
import { NatsServer } from '../support/nats-server';
import { tempDir } from '../support/fixtures';
import { EVENT_TYPES, makeBatch } from '../../../../bench/store/fixtures';

const N = Number(process.env.N ?? 4000);
async function main() {
  const nats = await NatsServer.start();
  const nc = await (await import('nats')).connect({ servers: nats.url, noAsyncTraces: process.env.NAT === '1' });
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm);
  const js = nc.jetstream();
  for (let r = 0; r < 3; r++) {
    const dir = tempDir();
    const file = join(dir.path, 'e.db');
    const w = SqliteEventStore.open(file, { synchronous: 'OFF' });
    for (let f = 0; f < N; f += 1000) await w.appendToStream(`case-b${f / 1000}`, makeBatch(1000, f), { expectedRevision: 'no_stream' });
    await w.close();
    const store = SqliteEventStore.open(file, { synchronous: 'FULL', pollIntervalMs: 20 });
    // read only
    let t = performance.now();
    let n = 0;
    for await (const e of store.readAll()) { n++; encodePublishedEvent(toPublishedEvent(e)); }
    const readMs = performance.now() - t;
    // raw publish
    const payloads: Array<{ s: string; id: string; d: Uint8Array }> = [];
    for await (const e of store.readAll()) payloads.push({ s: `jeugd.raw.${e.type}`, id: e.id + 'r' + r, d: encodePublishedEvent(toPublishedEvent(e)) });
    t = performance.now();
    if (!process.env.SKIPRAW) for (let f = 0; f < N; f += 256) await Promise.all(payloads.slice(f, f + 256).map((p) => js.publish(p.s, p.d, { msgID: p.id, expect: { streamName: 'JEUGD' } })));
    const rawMs = performance.now() - t;
    await jsm.streams.purge('JEUGD');
    const db = openSqlite(file);
    const relay = new Relay({ service: 'relayed', store, checkpoints: new SqliteCheckpointStore(db), connection: nc, events: new Set(EVENT_TYPES), windowSize: Number(process.env.W ?? 256) });
    t = performance.now();
    relay.start();
    const head = await store.headPosition(); for (;;) { if (relay.metrics().checkpoint === String(head)) break; await new Promise((r) => setTimeout(r, 2)); }
    const relayMs = performance.now() - t;
    await relay.stop();
    await jsm.streams.purge('JEUGD');
    console.log({ n, readMs: readMs.toFixed(0), rawMs: rawMs.toFixed(0), relayMs: relayMs.toFixed(0) });
    await store.close(); db.close(); dir.remove();
  }
  await nc.close(); await nats.dispose();
}
main();
