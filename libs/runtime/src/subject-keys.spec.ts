import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { KeyRing } from '@wijkteam/privacy';
import { streamOf } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { queryPostgres, TEST_POSTGRES_URL, whyPostgresUnreachable } from '@wijkteam/testing';
import { v7 as uuidv7 } from 'uuid';
import { ServiceAppModule } from './bootstrap';
import { loadConfig } from './config';
import { ReadinessRegistry } from './health';
import { RAW_EVENT_STORE } from './runtime.module';
import type { SubjectKeys } from './subject-keys';

/**
 * A service process with its subject keys in PostgreSQL, as every replica runs in production:
 * the async key store provider connects (and creates the table) before the codec and erasure use it.
 */
const unreachable = whyPostgresUnreachable();

if (unreachable) {
  console.log(`PostgreSQL key store boot test skipped: no PostgreSQL at KEY_STORE_TEST_POSTGRES_URL or its default (${unreachable})`);
  describe.skip('a service with its subject keys in PostgreSQL (needs a server)', () => {
    it.skip('boots with the shared key store', () => undefined);
  });
} else {
  describe('a service with its subject keys in PostgreSQL', () => {
    const schema = `runtime_keys_test_${randomBytes(6).toString('hex')}`;
    afterAll(() => queryPostgres(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

    const configWith = (keyStoreUrl: string) =>
      loadConfig({
        NODE_ENV: 'test',
        AUTH_MODE: 'development',
        TRANSPORT: 'in-process',
        LOG_LEVEL: 'silent',
        EVENT_STORE_URL: 'sqlite::memory:',
        SUBJECT_KEY_STORE_URL: keyStoreUrl,
        SUBJECT_KEY_MASTER_KEY: randomBytes(32).toString('base64'),
      });

    it('boots, seals personal data with a key from the shared store, reports it ready, and lets go of it on close', async () => {
      const config = configWith(`${TEST_POSTGRES_URL}?schema=${schema}`);
      const moduleRef = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, 'intake', [])] }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const keys = app.get<SubjectKeys>('SUBJECT_KEYS');
      const clientId = uuidv7();
      try {
        await app.get<EventStore>(EVENT_STORE).appendToStream(streamOf('intake', 'referral')(uuidv7()), [
          {
            id: uuidv7(),
            type: 'ReferralReceived',
            data: { clientId, client: { name: 'Fleur van Dijk', birthDate: '2012-03-14' }, channel: 'phone' },
            metadata: {
              occurredAt: '2026-11-23T09:00:00.000Z',
              actor: { userId: 'front-office-1', role: 'front-office', organisation: 'wijkteam-noord' },
              correlationId: 'corr-1',
              schemaVersion: 1,
            },
          },
        ]);
        const raw: unknown[] = [];
        for await (const event of app.get<EventStore>(RAW_EVENT_STORE).readAll()) raw.push(event.data);
        expect(JSON.stringify(raw)).not.toContain('Fleur van Dijk');
        expect(await queryPostgres(`SELECT key_id FROM "${schema}".subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL`, [clientId])).toHaveLength(1);
        expect(app.get(KeyRing)).toBeInstanceOf(KeyRing);
        expect(await app.get(ReadinessRegistry).evaluate()).toMatchObject({ checks: { keyStore: 'up' } });
      } finally {
        await app.close();
      }
      await expect(keys.store.ping()).rejects.toMatchObject({ code: 'key_store_unavailable', reason: 'unreachable' }); // its pool ended
    });

    it('does not start when the key store cannot be reached, and says so without its URL', async () => {
      const config = configWith('postgres://keys:s3cret@127.0.0.1:1/keys');
      const error = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, 'intake', [])] })
        .compile()
        .then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'key_store_unavailable', message: 'key store unavailable: unreachable' });
      expect(String((error as Error).cause)).not.toContain('s3cret');
    });
  });
}
