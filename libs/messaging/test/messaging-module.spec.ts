import { join } from 'node:path';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, type SqliteEventStore } from '@wijkteam/event-store';
import {
  connectMessaging,
  MESSAGING_DATABASE,
  MessagingConfigError,
  MessagingHealth,
  MessagingMetrics,
  MessagingModule,
  type MessagingModuleOptions,
  Relay,
  ServiceClients,
  ServiceUnavailable,
  SqliteDeadLetters,
  type SqliteDatabase,
} from '../src';
import './support/quiet';
import { BEHAVIOUR, type Behaviour, ConsentProjection, EffectLog, PoisonedEvent } from './support/effects';
import { appendMany, allGateways, gateways, openStore, tempDir, waitFor } from './support/fixtures';
import { NatsServer } from '@wijkteam/testing';

describe('MessagingModule', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let app: INestApplication | undefined;

  /** The application side: a global EVENT_STORE provider, as libs/runtime provides it. */
  async function startApp(options: MessagingModuleOptions, behaviour: Behaviour = {}, asynchronously = false): Promise<INestApplication> {
    @Global()
    @Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
    class StoreModule {}
    const messaging = asynchronously ? MessagingModule.forRootAsync({ useFactory: async () => options }) : MessagingModule.forRoot(options);
    const moduleRef = await Test.createTestingModule({
      imports: [StoreModule, messaging],
      controllers: [ConsentProjection],
      providers: [
        { provide: EffectLog, inject: [MESSAGING_DATABASE], useFactory: (db: SqliteDatabase) => new EffectLog(db) },
        { provide: BEHAVIOUR, useValue: behaviour },
      ],
    }).compile();
    const nest = moduleRef.createNestApplication({ logger: false });
    expect(connectMessaging(nest)).toHaveLength(1);
    await nest.startAllMicroservices();
    await nest.init();
    return nest;
  }

  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await store.close();
    dir.remove();
  });

  it('refuses a configuration that cannot work, at start-up', () => {
    expect(() => MessagingModule.forRoot({ mode: 'jetstream', service: 'consent', sqlite: ':memory:' })).toThrow(MessagingConfigError);
    expect(() => MessagingModule.forRoot({ mode: 'in-process', service: 'consent' })).toThrow(MessagingConfigError);
    expect(() => MessagingModule.forRoot({ mode: 'in-process', service: 'con sent', sqlite: ':memory:' })).toThrow(/service name/);
  });

  it('wires the in-process transport: handlers, inbox, dead letters with the real error, requests, health, metrics', async () => {
    const poisoned = (await appendMany(store, 1, 'ConsentGranted', { poison: true }))[0];
    const behaviour: Behaviour = {
      before: (event) => {
        if (event.data.poison) throw new PoisonedEvent();
      },
    };
    app = await startApp(
      { mode: 'in-process', service: 'reporting', gateways: allGateways, sqlite: join(dir.path, 'events.db'), consumers: { retry: { maxDeliver: 2, backoffMs: [10] } } },
      behaviour,
    );
    await appendMany(store, 10);
    const effects = app.get(EffectLog);
    await waitFor(() => effects.count() === 10, 10_000, '10 effects');

    // CaptureHandlerErrors (registered by the module) kept the handler's own error for the dead letter.
    const letters = new SqliteDeadLetters(app.get(MESSAGING_DATABASE)).list();
    expect(letters).toMatchObject([{ eventId: poisoned, error: { name: 'PoisonedEvent', code: 'poisoned_event' } }]);
    await expect(app.get(ServiceClients).get('consent').request('consent.hasConsent', {})).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(app.get(MessagingHealth).check()).toEqual({ ready: true, nats: 'not-used' });
    expect(app.get(Relay, { strict: false })).toBeNull();
    await waitFor(async () => (await app!.get(MessagingMetrics).snapshot()).consumers.every((c) => c.pending === 0), 5_000, 'metrics');
  });

  it('can take its options from a factory (forRootAsync)', async () => {
    app = await startApp({ mode: 'in-process', service: 'reporting', gateways: allGateways, sqlite: join(dir.path, 'events.db') }, {}, true);
    await appendMany(store, 3);
    await waitFor(() => app!.get(EffectLog).count() === 3, 10_000, '3 effects');
  });

  describe('in jetstream mode', () => {
    let nats: NatsServer;
    beforeAll(async () => {
      nats = await NatsServer.start();
    });
    afterAll(async () => {
      await nats?.dispose();
    });

    it('runs the relay and the consumers of one service, and reports readiness and lag', async () => {
      app = await startApp({
        mode: 'jetstream',
        service: 'consent',
        gateway: gateways.consent,
        natsUrl: nats.url,
        sqlite: join(dir.path, 'events.db'),
        relay: { lease: { ttlMs: 2_000, bucket: 'module_leases' } },
        consumers: { ackWaitMs: 2_000 },
      });
      await appendMany(store, 25);
      const effects = app.get(EffectLog);
      await waitFor(() => effects.count() === 25, 15_000, '25 effects');
      expect(effects.duplicates()).toEqual([]);
      expect(app.get(MessagingHealth).check()).toEqual({ ready: true, nats: 'connected' });
      const snapshot = await app.get(MessagingMetrics).snapshot();
      expect(snapshot.relay).toMatchObject({ service: 'consent', active: true, lag: 0, published: 25 });
      expect(snapshot.consumers.map((c) => c.consumer).sort()).toEqual(['consent__consent_ConsentGranted', 'consent__intake_any']);
    });
  });
});
