import { join } from 'node:path';
import { Controller, Global, Inject, type INestApplication, Module, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, type SqliteEventStore } from '@wijkteam/event-store';
import type { PublicEvent } from '@wijkteam/contracts';
import { ConsumeEvents, connectMessaging, MESSAGING_DATABASE, type MessageContext, MessagingModule, type SqliteDatabase } from '../src';
import './support/quiet';
import { EffectLog } from './support/effects';
import { appendMany, allGateways, TestConsentGranted, openStore, tempDir, waitFor } from './support/fixtures';

/** A service module as the platform hosts it: its own MessagingModule, handlers bound to its transport. */
function serviceModule(service: string, sqlite: string): Type {
  @Controller()
  class Projection {
    constructor(@Inject(MESSAGING_DATABASE) private readonly db: SqliteDatabase) {}

    @ConsumeEvents(service, TestConsentGranted)
    granted(@Payload() event: PublicEvent<typeof TestConsentGranted>, @Ctx() ctx: MessageContext): void {
      ctx.handleOnce((db) => new EffectLog(db).apply(db, ctx.getConsumer(), event.id));
    }
  }
  @Module({ imports: [MessagingModule.forRoot({ mode: 'in-process', service, gateways: allGateways, sqlite })], controllers: [Projection] })
  class ServiceModule {}
  return ServiceModule;
}

describe('several services in one Nest application (the embedded platform)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let app: INestApplication | undefined;

  beforeEach(() => {
    dir = tempDir();
    store = openStore(dir.path);
  });
  afterEach(async () => {
    await app?.close();
    await store.close();
    dir.remove();
  });

  it('gives each service its own transport and consumer, and each handler runs once per event', async () => {
    @Global()
    @Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
    class StoreModule {}
    const file = join(dir.path, 'events.db');
    const moduleRef = await Test.createTestingModule({
      imports: [StoreModule, serviceModule('reporting', file), serviceModule('case-planning', file)],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    expect(connectMessaging(app)).toHaveLength(2);
    await app.startAllMicroservices();
    await app.init();

    const ids = await appendMany(store, 20);
    const effects = new EffectLog(app.get<SqliteDatabase>(MESSAGING_DATABASE, { strict: false }));
    await waitFor(() => effects.count() === 40, 10_000, '20 effects per service');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(effects.count()).toBe(40);
    expect(effects.eventIds('reporting__consent_ConsentGranted')).toEqual(new Set(ids));
    expect(effects.eventIds('case-planning__consent_ConsentGranted')).toEqual(new Set(ids));
    expect(effects.duplicates()).toEqual([]);
  });
});
