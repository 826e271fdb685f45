import { KeyRing } from './key-ring';
import { MasterKey } from './master-key';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store';

const subject = '0193a5b2-7c1e-7000-8000-00000000c001';

describe('KeyRing', () => {
  it('serves a cached key until its TTL, then notices an erasure made by another process', async () => {
    const masterKey = MasterKey.generate();
    const store = SqliteSubjectKeyStore.open(':memory:', masterKey);
    let now = 1_000;
    const ring = new KeyRing(store, { ttlMs: 100, now: () => now });
    const key = await ring.keyForSubject(subject);
    expect(ring.peek(key.keyId)).toEqual(key);
    await store.destroyKeysOf(subject, new Date()); // "another process": behind the ring's back
    expect(ring.peek(key.keyId)).toEqual(key);
    now += 101;
    expect(ring.peek(key.keyId)).toBeUndefined();
    expect(await ring.keyById(key.keyId)).toBe('destroyed');
    await store.close();
  });

  it('evicts at once on an erasure through the ring itself', async () => {
    const store = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    const ring = new KeyRing(store);
    const key = await ring.keyForSubject(subject);
    expect(await ring.destroySubject(subject, new Date())).toEqual([key.keyId]);
    expect(ring.peek(key.keyId)).toBe('destroyed');
    await expect(ring.keyForSubject(subject)).rejects.toMatchObject({ code: 'subject_erased' });
    await store.close();
  });

  it('caches a KeyObject per key, asks the store once, and stays within maxEntries', async () => {
    const store = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    const calls = { forSubject: 0, byId: 0 };
    const counting = { ...store, keyForSubject: (id: string) => (calls.forSubject++, store.keyForSubject(id)), keyById: (id: string) => (calls.byId++, store.keyById(id)), ping: () => store.ping(), destroyKeysOf: (id: string, at: Date) => store.destroyKeysOf(id, at), close: () => store.close() };
    const ring = new KeyRing(counting, { maxEntries: 2 });
    const key = await ring.keyForSubject(subject);
    expect(key.secret.type).toBe('secret');
    expect(key.secret.symmetricKeySize).toBe(32);
    expect(key).not.toHaveProperty('material');
    expect(await ring.keyForSubject(subject)).toBe(key);
    expect(ring.peekSubject(subject)).toBe(key);
    expect(await ring.keyById(key.keyId)).toBe(key);
    expect(calls).toEqual({ forSubject: 1, byId: 0 });
    const others = ['0193a5b2-7c1e-7000-8000-00000000c002', '0193a5b2-7c1e-7000-8000-00000000c003'];
    for (const other of others) await ring.keyForSubject(other);
    expect(ring.peek(key.keyId)).toBeUndefined(); // the oldest went out
    expect(ring.peekSubject(subject)).toBeUndefined();
    expect(ring.peekSubject(others[1])).toBeDefined();
    await store.close();
  });
});

describe('MasterKey', () => {
  it('refuses a missing, non-base64 or short key without echoing it', () => {
    expect(() => MasterKey.fromBase64(undefined)).toThrow(/is required/);
    expect(() => MasterKey.fromBase64('not base64!')).toThrow(/must be base64/);
    expect(() => MasterKey.fromBase64(Buffer.alloc(16).toString('base64'))).toThrow(/exactly 32 bytes/);
  });

  it('binds a wrapped key to its row', () => {
    const kek = MasterKey.generate();
    const wrapped = kek.wrap(Buffer.alloc(32, 7), 'k1|s1');
    expect(kek.unwrap(wrapped, 'k1|s1')).toEqual(Buffer.alloc(32, 7));
    expect(() => kek.unwrap(wrapped, 'k1|s2')).toThrow();
  });

  it('makes one key store call per subject (and per key id) for concurrent lookups on a cold cache, e.g. a batch append', async () => {
    const store = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    const bySubject = jest.spyOn(store, 'keyForSubject');
    const byId = jest.spyOn(store, 'keyById');
    const ring = new KeyRing(store);
    const keys = await Promise.all(Array.from({ length: 100 }, () => ring.keyForSubject(subject)));
    expect(bySubject).toHaveBeenCalledTimes(1);
    expect(new Set(keys).size).toBe(1);
    const cold = new KeyRing(store);
    await Promise.all(Array.from({ length: 50 }, () => cold.keyById(keys[0].keyId)));
    expect(byId).toHaveBeenCalledTimes(1);
    // a failed lookup is not remembered: the next one asks again
    byId.mockRejectedValueOnce(new Error('down'));
    const third = new KeyRing(store);
    await expect(third.keyById(keys[0].keyId)).rejects.toMatchObject({ code: 'key_store_unavailable' });
    await expect(third.keyById(keys[0].keyId)).resolves.toMatchObject({ keyId: keys[0].keyId });
    await store.close();
  });
});
