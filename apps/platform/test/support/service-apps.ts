import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { KeyRing } from '@wijkteam/privacy';
import { configureHttp, httpAdapter, loadConfig, RAW_EVENT_STORE, ServiceAppModule, startTransports } from '@wijkteam/runtime';
import request from 'supertest';
import { PlatformModule } from '../../src/platform.module';

export interface TestAppOptions {
  /** 'platform' (all five) or one service's name. */
  service: string;
  features: Type[];
  /** The app's own files: keys.db, messaging.db, and events.db unless `eventStoreFile` names another. */
  dir: string;
  /** The event store; several apps may name the same file (a shared store). */
  eventStoreFile?: string;
  /** The event store as EVENT_STORE_URL (e.g. a PostgreSQL schema), instead of a file. */
  eventStoreUrl?: string;
  /** Further settings as defaults (TRANSPORT, NATS_URL, DEMO_DATA, PORT, AUTH_MODE, …). */
  settings?: Record<string, string>;
  /** Replaces providers before compiling (a test clock, …). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Listen on a free port of 127.0.0.1 (for clients outside the process), rather than only init. */
  listen?: boolean;
}

/** One app booted as its deployment boots it (validated config, HTTP set-up, transports), inside the test process. */
export async function bootTestApp({ service, features, dir, eventStoreFile, eventStoreUrl, settings = {}, override, listen }: TestAppOptions): Promise<INestApplication> {
  const config = loadConfig(
    { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' },
    {
      AUTH_MODE: 'development',
      EVENT_STORE_URL: eventStoreUrl ?? `sqlite:${eventStoreFile ?? path.join(dir, 'events.db')}`,
      SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dir, 'keys.db')}`,
      MESSAGING_DB_PATH: path.join(dir, 'messaging.db'),
      ...settings,
    },
  );
  const builder = Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, service, features)] });
  const moduleRef = await (override ? override(builder) : builder).compile();
  const app = moduleRef.createNestApplication(httpAdapter(config), process.env.TEST_LOG_LEVEL ? {} : { logger: false });
  configureHttp(app, config, service);
  await startTransports(app);
  if (listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  return app;
}

/** The embedded default: all five services in one process, in-process transport. */
export function bootPlatform(dir: string, settings: Record<string, string> = {}, options: Pick<TestAppOptions, 'override' | 'listen'> = {}): Promise<INestApplication> {
  return bootTestApp({ service: 'platform', features: [PlatformModule], dir, settings: { TRANSPORT: 'in-process', PORT: '0', ...settings }, ...options });
}

/** `Authorization` headers of demo users, from the app's development issuer (one token per user). */
export function devAuthorization(app: INestApplication): (userId: string) => Promise<{ Authorization: string }> {
  const tokens = new Map<string, string>();
  return async (userId) => {
    if (!tokens.has(userId)) tokens.set(userId, (await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token as string);
    return { Authorization: `Bearer ${tokens.get(userId) as string}` };
  };
}

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
  /** The event store; several services may name the same file (a shared store)… */
  eventStoreFile?: string;
  /** …or the same EVENT_STORE_URL (a PostgreSQL schema). */
  eventStoreUrl?: string;
  transport: 'in-process' | 'jetstream';
  natsUrl?: string;
}

export async function startServiceApp({ service, feature, dir, eventStoreFile, eventStoreUrl, transport, natsUrl }: ServiceAppOptions): Promise<ServiceApp> {
  const app = await bootTestApp({ service, features: [feature], dir, eventStoreFile, eventStoreUrl, settings: { TRANSPORT: transport, ...(natsUrl ? { NATS_URL: natsUrl } : {}) } });
  return {
    service,
    app,
    store: app.get<EventStore>(EVENT_STORE),
    raw: app.get<EventStore>(RAW_EVENT_STORE),
    keys: app.get(KeyRing),
    as: devAuthorization(app),
  };
}
