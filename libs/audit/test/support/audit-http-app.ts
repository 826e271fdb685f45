import { Global, type INestApplication, Module, type Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuthModule } from '@wijkteam/auth';
import { EVENT_STORE, type EventStore, SqliteEventStore } from '@wijkteam/event-store';
import { Clock, HttpErrorFilter, IdGenerator, UuidV7Generator } from '@wijkteam/runtime';
import request from 'supertest';
import { AccessLog } from '../../src/access-log/access-log';
import { AuditModule } from '../../src/audit.module';

export interface AuditHttpApp {
  app: INestApplication;
  /** intake's access log, as AuditModule.forService('intake') gives it. */
  log: AccessLog;
  store: EventStore;
  /** `Authorization` header of a demo user, from the development issuer. */
  as(userId: string): Promise<{ Authorization: string }>;
}

/**
 * Test controllers behind the development issuer and intake's access log, over an in-memory store,
 * with what RuntimeModule provides globally cut down to what AuditModule needs (the test's clock).
 */
export async function bootAuditApp(now: () => Date, controllers: Type[]): Promise<AuditHttpApp> {
  @Global()
  @Module({
    providers: [
      { provide: EVENT_STORE, useFactory: () => SqliteEventStore.open(':memory:') },
      { provide: Clock, useValue: { now } },
      { provide: IdGenerator, useClass: UuidV7Generator },
      { provide: APP_FILTER, useClass: HttpErrorFilter },
    ],
    exports: [EVENT_STORE, Clock, IdGenerator],
  })
  class TestRuntimeModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [TestRuntimeModule, AuthModule.forRoot({ mode: 'development', issuer: 'urn:wijkteam:test-issuer', audience: 'wijkteam-test' }), AuditModule.forRoot(), AuditModule.forService('intake')],
    controllers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.init();
  const as = async (userId: string) => {
    const response = await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200);
    return { Authorization: `Bearer ${response.body.access_token as string}` };
  };
  return { app, log: app.get(AccessLog), store: app.get<EventStore>(EVENT_STORE), as };
}
