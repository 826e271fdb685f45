import { connect, createInbox, headers, type Msg } from 'nats';
import { NatsServer } from '../support/nats-server';
import { ensureStream } from '../../src';
import { v7 } from 'uuid';
const N = 40000;
async function main() {
  const nats = await NatsServer.start();
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm);
  const js = nc.jetstream();
  const data = new TextEncoder().encode(JSON.stringify({ x: 'y'.repeat(400) }));
  const prefix = `${createInbox()}.`;
  const pending = new Map<string, (m: Msg) => void>();
  nc.subscribe(`${prefix}*`, { callback: (_e, m) => { const k = m.subject.slice(prefix.length); const f = pending.get(k); pending.delete(k); f?.(m); } });
  let seq = 0;
  const fast = (subject: string, id: string) => new Promise<Msg>((resolve) => {
    const token = (seq++).toString(36);
    pending.set(token, resolve);
    const h = headers(); h.set('Nats-Msg-Id', id); h.set('Nats-Expected-Stream', 'JEUGD');
    nc.publish(subject, data, { reply: prefix + token, headers: h });
  });
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    for (let f = 0; f < N; f += 256) await Promise.all(Array.from({ length: 256 }, () => js.publish('jeugd.raw.X', data, { msgID: v7(), expect: { streamName: 'JEUGD' } })));
    const jsMs = performance.now() - t;
    t = performance.now();
    for (let f = 0; f < N; f += 256) { const acks = await Promise.all(Array.from({ length: 256 }, () => fast('jeugd.fast.X', v7()))); acks.forEach((m) => JSON.parse(new TextDecoder().decode(m.data))); }
    const fastMs = performance.now() - t;
    console.log({ jsMs: jsMs.toFixed(0), fastMs: fastMs.toFixed(0) });
    await jsm.streams.purge('JEUGD');
  }
  await nc.close(); await nats.dispose();
}
main();
