import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { TEST_POSTGRES_URL as url, whyPostgresUnreachable } from '@wijkteam/testing';
import { v7 as uuidv7 } from 'uuid';
import { MasterKey } from './master-key';
import { PostgresSubjectKeyStore } from './postgres-subject-key-store';
import { subjectKeyStoreContract } from './subject-key-store.contract';

/**
 * The shared contract and the PostgreSQL-only cases against a real server: the one on every
 * machine (CI included), or KEY_STORE_TEST_POSTGRES_URL. Each test gets its own schema with a
 * random suffix, dropped afterwards.
 */
const unreachable = whyPostgresUnreachable();

if (unreachable) {
  console.log(`PostgreSQL key store contract skipped: no PostgreSQL at KEY_STORE_TEST_POSTGRES_URL or its default (${unreachable})`);
  // Reported by Jest as skipped, never as passed.
  describe.skip('SubjectKeyStore contract: PostgreSQL (needs a server)', () => {
    it.skip('runs the shared contract suite against a live server', () => undefined);
  });
} else {
  let admin: Pool | undefined;
  const adminPool = () => (admin ??= new Pool({ connectionString: url, max: 4 }));
  afterAll(async () => admin?.end());

  const freshSchema = () => `key_store_test_${randomBytes(6).toString('hex')}`;
  const dropSchema = (schema: string) => adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

  subjectKeyStoreContract(
    'PostgreSQL',
    async () => {
      const schema = freshSchema();
      return {
        open: (masterKey) => PostgresSubjectKeyStore.open(url, masterKey, { schema }),
        async rawContents() {
          // each row as PostgreSQL prints it (bytea as hex) and the wrapped bytes as they are
          const { rows } = await adminPool().query<{ text: string; wrapped: Buffer | null }>(`SELECT k::text AS text, k.wrapped FROM "${schema}".subject_keys k`);
          return Buffer.concat(rows.flatMap((row) => [Buffer.from(row.text), row.wrapped ?? Buffer.alloc(0)]));
        },
        teardown: async () => void (await dropSchema(schema)),
      };
    },
    {
      reopenable: true,
      // nothing listens on port 1
      openUnreachable: (masterKey) => PostgresSubjectKeyStore.open('postgres://postgres@127.0.0.1:1/test', masterKey, { connectTimeoutMs: 2_000 }),
    },
  );

  describe('PostgresSubjectKeyStore', () => {
    const masterKey = MasterKey.generate();
    let schema: string;
    let store: PostgresSubjectKeyStore;

    beforeEach(async () => {
      schema = freshSchema();
      store = await PostgresSubjectKeyStore.open(url, masterKey, { schema });
    });
    afterEach(async () => {
      await store.close();
      await dropSchema(schema);
    });

    const table = () => `"${schema}".subject_keys`;
    const rowOf = async (subjectId: string) =>
      (await adminPool().query<{ key_id: string; kek_id: string | null; wrapped: Buffer | null; destroyed_at: Date | null }>(`SELECT key_id, kek_id, wrapped, destroyed_at FROM ${table()} WHERE subject_id = $1`, [subjectId])).rows[0];

    /** Polls (no deadline of its own) until one of the store's statements on this schema waits for a lock. */
    const storeWaitsForLock = async () => {
      for (;;) {
        const { rows } = await adminPool().query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'wijkteam-subject-keys' AND wait_event_type = 'Lock' AND strpos(query, $1) > 0",
          [`"${schema}"`],
        );
        if (rows[0].n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    /** Another replica inserting the subject's first key, its transaction still open. */
    const replicaInsertsKey = async (subjectId: string) => {
      const keyId = uuidv7();
      const material = randomBytes(32);
      const replica = await adminPool().connect();
      await replica.query('BEGIN');
      await replica.query(`INSERT INTO ${table()} (key_id, subject_id, kek_id, wrapped, created_at) VALUES ($1, $2, $3, $4, now())`, [
        keyId,
        subjectId,
        masterKey.id,
        masterKey.wrap(material, `${keyId}|${subjectId}`),
      ]);
      return {
        key: { keyId, subjectId, material },
        commit: async () => {
          await replica.query('COMMIT');
          replica.release();
        },
      };
    };

    it("takes the other replica's key when both create a subject's first key at once", async () => {
      const alice = uuidv7();
      const replica = await replicaInsertsKey(alice);
      const ours = store.keyForSubject(alice); // reads nothing yet, then its insert waits for the replica's
      await storeWaitsForLock();
      await replica.commit();
      expect(await ours).toEqual(replica.key);
    });

    it('destroys a key another replica is inserting at that moment, instead of missing it', async () => {
      const alice = uuidv7();
      const replica = await replicaInsertsKey(alice);
      const destruction = store.destroyKeysOf(alice, new Date());
      await storeWaitsForLock();
      await replica.commit();
      expect(await destruction).toEqual([replica.key.keyId]);
      expect(await store.keyById(replica.key.keyId)).toBe('destroyed');
      expect(await rowOf(alice)).toMatchObject({ kek_id: null, wrapped: null, destroyed_at: expect.any(Date) });
    });

    it('keeps ids and times only after destruction, and the first destruction time when repeated', async () => {
      const alice = uuidv7();
      const key = await store.keyForSubject(alice);
      expect((await rowOf(alice)).wrapped?.length).toBeGreaterThan(32);
      await store.destroyKeysOf(alice, new Date('2026-12-01T10:00:00Z'));
      await store.destroyKeysOf(alice, new Date('2026-12-02T10:00:00Z'));
      expect(await rowOf(alice)).toEqual({ key_id: key.keyId, kek_id: null, wrapped: null, destroyed_at: new Date('2026-12-01T10:00:00Z') });
    });

    it('binds a wrapped key to its row: swapped between rows, it is a master_key_mismatch (503)', async () => {
      const [alice, bob] = [uuidv7(), uuidv7()];
      const aliceKey = await store.keyForSubject(alice);
      await store.keyForSubject(bob);
      await adminPool().query(`UPDATE ${table()} SET wrapped = (SELECT wrapped FROM ${table()} WHERE subject_id = $1) WHERE subject_id = $2`, [bob, alice]);
      await expect(store.keyById(aliceKey.keyId)).rejects.toMatchObject({ code: 'key_store_unavailable', reason: 'master_key_mismatch' });
    });

    it('reports a failing statement as unreachable (503) with its SQLSTATE only, no values', async () => {
      const alice = uuidv7();
      await dropSchema(schema); // the table vanishes behind the store's back
      const error = (await store.keyForSubject(alice).catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'key_store_unavailable', reason: 'unreachable', message: 'key store unavailable: unreachable' });
      expect(String(error.cause)).toBe('Error: postgres failure: 42P01');
      await expect(store.ping()).rejects.toMatchObject({ reason: 'unreachable' });
    });

    it('finds the table it created on the next open, and refuses a schema or table name that is not a plain identifier', async () => {
      const again = await PostgresSubjectKeyStore.open(url, masterKey, { schema });
      const key = await store.keyForSubject(uuidv7());
      expect(await again.keyById(key.keyId)).toEqual(key);
      await again.close();
      await expect(PostgresSubjectKeyStore.open(url, masterKey, { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/schema must be a lower-case SQL identifier/);
      await expect(PostgresSubjectKeyStore.open(url, masterKey, { table: 'Keys' })).rejects.toThrow(/table must be/);
    });
  });
}
