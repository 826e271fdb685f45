import type { NatsConnection } from 'nats';
import { AckedPublisher, ensureStream, PublishFailed } from '../src';
import { natsConnect } from './support/bus';
import { NatsServer } from '@wijkteam/testing';

describe('AckedPublisher (the relay publishing windows)', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let publisher: AckedPublisher;
  const data = new TextEncoder().encode('{}');

  beforeAll(async () => {
    nats = await NatsServer.start();
    nc = await natsConnect(nats.url);
    publisher = new AckedPublisher(nc);
  });
  afterAll(async () => {
    publisher?.close();
    await nc?.close();
    await nats?.dispose();
  });

  it('fails fast when no stream takes the subject', async () => {
    const started = Date.now();
    await expect(publisher.publishWindow([{ subject: 'jeugd.consent.ConsentGranted', data, msgId: 'a' }], 'JEUGD', 5_000)).rejects.toThrow(/503/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('returns a PubAck per message, deduplicated by message id, and refuses another stream', async () => {
    await ensureStream(await nc.jetstreamManager());
    const acks = await publisher.publishWindow(
      [
        { subject: 'jeugd.consent.ConsentGranted', data, msgId: 'e1' },
        { subject: 'jeugd.consent.ConsentGranted', data, msgId: 'e2' },
        { subject: 'jeugd.consent.ConsentGranted', data, msgId: 'e1' },
      ],
      'JEUGD',
      5_000,
    );
    expect(acks.map((a) => [a.stream, a.duplicate])).toEqual([
      ['JEUGD', false],
      ['JEUGD', false],
      ['JEUGD', true],
    ]);
    await expect(publisher.publishWindow([{ subject: 'jeugd.consent.ConsentGranted', data, msgId: 'e3' }], 'OTHER', 5_000)).rejects.toBeInstanceOf(PublishFailed);
  });

  it('fails the whole window when the server does not answer in time', async () => {
    await nats.pause();
    try {
      await expect(publisher.publishWindow([{ subject: 'jeugd.consent.ConsentGranted', data, msgId: 'e4' }], 'JEUGD', 300)).rejects.toThrow(/in time/);
    } finally {
      nats.resume();
    }
  });
});
