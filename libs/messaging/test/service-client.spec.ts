import { join } from 'node:path';
import { Controller, type INestMicroservice } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, MessagePattern, Payload, RpcException, Transport } from '@nestjs/microservices';
import type { SqliteEventStore } from '@wijkteam/event-store';
import {
  InProcessRequestBus,
  InProcessServiceClients,
  InProcessTransport,
  InMemoryCheckpointStore,
  JetStreamTransport,
  NatsServiceClients,
  openSqlite,
  type ServiceClient,
  ServiceRequestFailed,
  ServiceUnavailable,
  type SqliteDatabase,
} from '../src';
import { startConsumerApp } from './support/apps';
import { EffectLog } from './support/effects';
import { allGateways, openStore, tempDir } from './support/fixtures';
import { NatsServer } from '@wijkteam/testing';

const SECRET = 'client-ref-123';
// Below the slow handler's second, above a local round trip and NATS's immediate 'no responders'.
const TIMEOUT_MS = 500;

@Controller()
class ConsentQueries {
  @MessagePattern('consent.hasConsent')
  has(@Payload() query: { clientRef: string }): { granted: boolean; clientRef: string } {
    return { granted: true, clientRef: query.clientRef };
  }

  @MessagePattern('consent.slow')
  async slow(): Promise<number> {
    // Unref'd: the test is long done when this fires, and must not keep Jest waiting.
    await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    return 1;
  }

  @MessagePattern('consent.fails')
  fails(): never {
    throw new RpcException({ code: 'consent_not_found', message: 'consent_not_found' });
  }
}

/** One behaviour, two transports: the same assertions run against both. */
function behavesAsAServiceClient(name: string, setUp: () => Promise<{ client: ServiceClient; stopService: () => Promise<void> }>): void {
  describe(name, () => {
    let client: ServiceClient;
    let stopService: () => Promise<void>;
    beforeAll(async () => {
      ({ client, stopService } = await setUp());
    });

    it('returns the reply', async () => {
      await expect(client.request('consent.hasConsent', { clientRef: SECRET })).resolves.toEqual({ granted: true, clientRef: SECRET });
    });

    it('fails with ServiceUnavailable (timeout) naming the service and not the payload', async () => {
      const failure = await client.request('consent.slow', { clientRef: SECRET }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ServiceUnavailable);
      expect(failure).toMatchObject({ service: 'consent', reason: 'timeout', code: 'service_unavailable' });
      expect(String((failure as Error).message)).not.toContain(SECRET);
    });

    it('fails with ServiceUnavailable (no responders) for a pattern nobody serves', async () => {
      await expect(client.request('consent.nobodyHome', {})).rejects.toMatchObject({ service: 'consent', reason: 'no_responders' });
    });

    it('fails with ServiceRequestFailed carrying the remote error code', async () => {
      const failure = await client.request('consent.fails', {}).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ServiceRequestFailed);
      expect(failure).toMatchObject({ service: 'consent', remoteCode: 'consent_not_found' });
    });

    it('fails with ServiceUnavailable once the service is down', async () => {
      await stopService();
      await expect(client.request('consent.hasConsent', { clientRef: SECRET })).rejects.toBeInstanceOf(ServiceUnavailable);
    });
  });
}

describe('ServiceClient', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let nats: NatsServer | undefined;
  let proxy: ClientProxy | undefined;
  const apps: INestMicroservice[] = [];

  beforeAll(() => {
    dir = tempDir();
    store = openStore(dir.path);
    db = openSqlite(join(dir.path, 'events.db'));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await proxy?.close();
    await nats?.dispose();
    await store.close();
    db.close();
    dir.remove();
  });

  behavesAsAServiceClient('in-process', async () => {
    const bus = new InProcessRequestBus();
    const transport = new InProcessTransport({ service: 'consent', store, gateways: allGateways, checkpoints: new InMemoryCheckpointStore(), requestBus: bus });
    const app = await startConsumerApp(transport, new EffectLog(db), {}, [ConsentQueries]);
    apps.push(app);
    return { client: new InProcessServiceClients(bus, TIMEOUT_MS).get('consent'), stopService: () => app.close() };
  });

  behavesAsAServiceClient('over core NATS with Nest ClientProxy', async () => {
    nats = await NatsServer.start();
    const transport = new JetStreamTransport({ service: 'consent', servers: nats.url });
    const app = await startConsumerApp(transport, new EffectLog(db), {}, [ConsentQueries]);
    apps.push(app);
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [nats.url], reconnectTimeWait: 100 } });
    const server = nats;
    return { client: new NatsServiceClients(proxy, TIMEOUT_MS).get('consent'), stopService: async () => server.stop() };
  });
});
