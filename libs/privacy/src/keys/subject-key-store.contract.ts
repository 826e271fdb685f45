import { v7 as uuidv7 } from 'uuid';
import { KeyStoreUnavailable, SubjectErased } from '../errors';
import { MasterKey } from './master-key';
import type { SubjectKey, SubjectKeyStore } from './subject-key-store';

/** One empty database for one test, created by the adapter's spec. */
export interface KeyStoreDatabase {
  /** Opens a store on this database; on a reopenable one as often as asked, as replicas do. */
  open(masterKey: MasterKey): Promise<SubjectKeyStore>;
  /** The bytes the database holds for the key table, as stored (files, or rows as read back raw). */
  rawContents(): Promise<Buffer>;
  teardown(): Promise<void>;
}

export interface SubjectKeyStoreContractOptions {
  /**
   * Whether open() may be called more than once on one database (SQLite ':memory:' may not):
   * enables the cases with two instances (replicas) and with another master key.
   */
  reopenable: boolean;
  /** Opens a store whose backend cannot be reached or created. */
  openUnreachable(masterKey: MasterKey): Promise<SubjectKeyStore>;
}

const unreachable = { code: 'key_store_unavailable', httpStatus: 503, reason: 'unreachable', message: 'key store unavailable: unreachable' };
const mismatch = { code: 'key_store_unavailable', reason: 'master_key_mismatch' };

/**
 * What every SubjectKeyStore promises (see subject-key-store.ts), run by each adapter's spec against
 * a fresh database per test: libs/privacy/src/keys/*-subject-key-store.spec.ts.
 */
export function subjectKeyStoreContract(name: string, createDatabase: () => Promise<KeyStoreDatabase>, options: SubjectKeyStoreContractOptions): void {
  describe(`SubjectKeyStore contract: ${name}`, () => {
    const masterKey = MasterKey.generate();
    let database: KeyStoreDatabase;
    let opened: SubjectKeyStore[];
    const open = async (key: MasterKey = masterKey) => {
      const store = await database.open(key);
      opened.push(store);
      return store;
    };
    const subject = () => uuidv7();

    beforeEach(async () => {
      opened = [];
      database = await createDatabase();
    });
    afterEach(async () => {
      for (const store of opened) await store.close();
      await database.teardown();
    });

    describe('keys', () => {
      it("creates a subject's key on first use and returns that same key afterwards, by subject and by id", async () => {
        const store = await open();
        const alice = subject();
        const key = await store.keyForSubject(alice);
        expect(key).toEqual({ keyId: expect.any(String), subjectId: alice, material: expect.any(Buffer) });
        expect(key.material).toHaveLength(32);
        expect(await store.keyForSubject(alice)).toEqual(key);
        expect(await store.keyById(key.keyId)).toEqual(key);
      });

      it('gives every subject its own key', async () => {
        const store = await open();
        const [a, b] = [await store.keyForSubject(subject()), await store.keyForSubject(subject())];
        expect(a.keyId).not.toBe(b.keyId);
        expect(a.material.equals(b.material)).toBe(false);
      });

      it('creates one key for concurrent first calls on one instance', async () => {
        const store = await open();
        const alice = subject();
        const keys = await Promise.all(Array.from({ length: 10 }, () => store.keyForSubject(alice)));
        expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
      });

      it('answers undefined for a key id it never issued (not "destroyed": that would read as an erasure)', async () => {
        const store = await open();
        await store.keyForSubject(subject());
        expect(await store.keyById(uuidv7())).toBeUndefined();
        expect(await store.keyById('not-a-key-id')).toBeUndefined();
      });

      it('never stores key material in the clear', async () => {
        const store = await open();
        const subjects = [subject(), subject(), subject()];
        const keys: SubjectKey[] = [];
        for (const id of subjects) keys.push(await store.keyForSubject(id));
        await store.destroyKeysOf(subjects[2], new Date());
        const raw = await database.rawContents();
        expect(raw.includes(Buffer.from(subjects[0]))).toBe(true); // it does read what the store wrote
        for (const { material } of keys) {
          expect(raw.includes(material)).toBe(false);
          expect(raw.includes(Buffer.from(material.toString('hex')))).toBe(false);
          expect(raw.includes(Buffer.from(material.toString('base64')))).toBe(false);
        }
      });

      it('answers a ping while open', async () => {
        await expect((await open()).ping()).resolves.toBeUndefined();
      });
    });

    describe('destruction', () => {
      it('destroys the key for good: keyById says destroyed, no new key is issued, and destroying again changes nothing', async () => {
        const store = await open();
        const alice = subject();
        const key = await store.keyForSubject(alice);
        expect(await store.destroyKeysOf(alice, new Date('2026-12-01T10:00:00Z'))).toEqual([key.keyId]);
        expect(await store.keyById(key.keyId)).toBe('destroyed');
        const refused = await store.keyForSubject(alice).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(SubjectErased);
        expect(refused).toMatchObject({ code: 'subject_erased', httpStatus: 409 });
        expect(await store.destroyKeysOf(alice, new Date('2026-12-02T10:00:00Z'))).toEqual([key.keyId]);
        expect(await store.keyById(key.keyId)).toBe('destroyed');
      });

      it("leaves other subjects' keys alone", async () => {
        const store = await open();
        const [alice, bob] = [subject(), subject()];
        await store.keyForSubject(alice);
        const bobsKey = await store.keyForSubject(bob);
        await store.destroyKeysOf(alice, new Date());
        expect(await store.keyForSubject(bob)).toEqual(bobsKey);
        expect(await store.keyById(bobsKey.keyId)).toEqual(bobsKey);
      });

      it('bars keys for a subject erased before it ever had one (a tombstone)', async () => {
        const store = await open();
        const alice = subject();
        const ids = await store.destroyKeysOf(alice, new Date());
        expect(ids).toHaveLength(1);
        expect(await store.keyById(ids[0])).toBe('destroyed');
        await expect(store.keyForSubject(alice)).rejects.toMatchObject({ code: 'subject_erased' });
        expect(await store.destroyKeysOf(alice, new Date())).toEqual(ids);
      });
    });

    describe('failures', () => {
      it('is unavailable (503) once closed, for every call, without echoing a subject or key id; closing again is harmless', async () => {
        const store = await open();
        const alice = subject();
        const key = await store.keyForSubject(alice);
        await store.close();
        await store.close();
        const calls: (() => Promise<unknown>)[] = [() => store.keyForSubject(alice), () => store.keyById(key.keyId), () => store.destroyKeysOf(alice, new Date()), () => store.ping()];
        for (const call of calls) {
          const error = await call().then(() => undefined, (e: unknown) => e);
          expect(error).toBeInstanceOf(KeyStoreUnavailable);
          expect(error).toMatchObject(unreachable);
          const told = `${(error as Error).message} ${String((error as Error).cause)}`;
          expect(told).not.toContain(alice);
          expect(told).not.toContain(key.keyId);
        }
      });

      it('fails to open an unreachable backend with KeyStoreUnavailable, naming nothing of its location', async () => {
        const error = await options.openUnreachable(masterKey).then(
          async (store) => {
            await store.close();
            return undefined;
          },
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(KeyStoreUnavailable);
        expect(error).toMatchObject(unreachable);
      });
    });

    // Cases with a second instance on the same database: another replica, or a restart.
    if (!options.reopenable) return;

    describe('shared by several instances (replicas)', () => {
      it('gives instances racing for the first keys of the same subjects one key per subject', async () => {
        const [a, b] = await Promise.all([open(), open()]);
        const subjects = Array.from({ length: 20 }, subject);
        const keys = await Promise.all(subjects.flatMap((id) => [a.keyForSubject(id), b.keyForSubject(id)]));
        subjects.forEach((id, i) => {
          expect(keys[2 * i]).toEqual(keys[2 * i + 1]);
          expect(keys[2 * i].subjectId).toBe(id);
        });
        expect(new Set(keys.map((key) => key.keyId)).size).toBe(subjects.length);
      });

      it('shows an erasure made through one instance to the other at once', async () => {
        const [a, b] = [await open(), await open()];
        const alice = subject();
        const key = await a.keyForSubject(alice);
        expect(await b.keyForSubject(alice)).toEqual(key);
        expect(await b.destroyKeysOf(alice, new Date())).toEqual([key.keyId]);
        expect(await a.keyById(key.keyId)).toBe('destroyed');
        await expect(a.keyForSubject(alice)).rejects.toMatchObject({ code: 'subject_erased' });
      });

      it('bars new keys on every instance for a subject erased (tombstoned) through another', async () => {
        const [a, b] = [await open(), await open()];
        const alice = subject();
        const [tombstone] = await a.destroyKeysOf(alice, new Date());
        await expect(b.keyForSubject(alice)).rejects.toMatchObject({ code: 'subject_erased' });
        expect(await b.keyById(tombstone)).toBe('destroyed');
      });

      it('serves the same keys after a reopen with the same master key', async () => {
        const first = await open();
        const alice = subject();
        const key = await first.keyForSubject(alice);
        await first.close();
        const again = await open();
        expect(await again.keyById(key.keyId)).toEqual(key);
        expect(await again.keyForSubject(alice)).toEqual(key);
      });

      it('reports another master key as master_key_mismatch (503), not as erasure or a new key', async () => {
        const first = await open();
        const alice = subject();
        const key = await first.keyForSubject(alice);
        const wrong = await open(MasterKey.generate());
        await expect(wrong.keyById(key.keyId)).rejects.toMatchObject(mismatch);
        await expect(wrong.keyForSubject(alice)).rejects.toMatchObject(mismatch);
        await expect(wrong.keyForSubject(alice)).rejects.toBeInstanceOf(KeyStoreUnavailable);
        expect(await first.keyForSubject(alice)).toEqual(key);
      });
    });
  });
}
