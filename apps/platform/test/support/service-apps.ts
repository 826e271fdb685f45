import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { KeyRing } from '@wijkteam/privacy';
import { configureHttp, loadConfig, RAW_EVENT_STORE, ServiceAppModule, startTransports } from '@wijkteam/runtime';
import request from 'supertest';

/** One service booted as its own deployment would boot it, inside the test process. */
export interface ServiceApp {
  service: string;
  app: INestApplication;
  /** The service's own store view, through its codec and key store. */
  store: EventStore;
  /** The same store at rest: personal fields sealed. */
  raw: EventStore;
  /** The service's own key ring (over its own key store). */
  keys: KeyRing;
  /** `Authorization` header of a demo user, from this service's development issuer. */
  as(userId: string): Promise<{ Authorization: string }>;
}

export interface ServiceAppOptions {
  service: string;
  feature: Type;
  /** This service's own files (key store, messaging database). */
  dir: string;
  /** The event store; several services may name the same file (a shared store). */
  eventStoreFile: string;
  transport: 'in-process' | 'jetstream';
  natsUrl?: string;
}

export async function startServiceApp({ service, feature, dir, eventStoreFile, transport, natsUrl }: ServiceAppOptions): Promise<ServiceApp> {
  const config = loadConfig(
    { AUTH_MODE: 'development', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    {
      TRANSPORT: transport,
      ...(natsUrl ? { NATS_URL: natsUrl } : {}),
      EVENT_STORE_URL: `sqlite:${eventStoreFile}`,
      SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'keys.db')}`,
      MESSAGING_DB_PATH: path.join(dir, 'messaging.db'),
    },
  );
  const moduleRef = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, service, [feature])] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app, config, service);
  await startTransports(app);
  await app.init();
  const tokens = new Map<string, string>();
  return {
    service,
    app,
    store: app.get<EventStore>(EVENT_STORE),
    raw: app.get<EventStore>(RAW_EVENT_STORE),
    keys: app.get(KeyRing),
    async as(userId: string) {
      if (!tokens.has(userId)) tokens.set(userId, (await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token as string);
      return { Authorization: `Bearer ${tokens.get(userId) as string}` };
    },
  };
}
