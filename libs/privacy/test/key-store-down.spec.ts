import { SqliteEventStore, withCodec } from '@wijkteam/event-store';
import { toErrorBody } from '@wijkteam/runtime';
import { PersonalDataCodec } from '../src/codec/personal-data-codec';
import { KeyRing } from '../src/keys/key-ring';
import { MasterKey } from '../src/keys/master-key';
import { SqliteSubjectKeyStore } from '../src/keys/sqlite-subject-key-store';
import type { SubjectKeyStore } from '../src/keys/subject-key-store';
import { ALICE, BOB, clientRegistered, collect, policy } from './support/fixtures';

/** A key store whose backend answers with an error text that must never reach a caller or log. */
const failingStore: SubjectKeyStore = {
  keyForSubject: () => Promise.reject(new Error(`connection refused while loading key of ${ALICE.name}`)),
  keyById: () => Promise.reject(new Error('connection refused')),
  destroyKeysOf: () => Promise.reject(new Error('connection refused')),
  ping: () => Promise.reject(new Error('connection refused')),
  close: () => Promise.resolve(),
};

describe('key store down', () => {
  it('fails a command with personal data with a 503 key_store_unavailable and appends nothing (closed DB)', async () => {
    const raw = SqliteEventStore.open(':memory:');
    const keyStore = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    const store = withCodec(raw, new PersonalDataCodec(policy, new KeyRing(keyStore)));
    await keyStore.close();

    const error = await store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE), { ...clientRegistered(ALICE), type: 'EtmAssessed', data: { score: 3 } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'key_store_unavailable', httpStatus: 503 });
    expect(await raw.headPosition()).toBe(0n);
    expect(toErrorBody(error, { headers: {} })).toMatchObject({ statusCode: 503, code: 'key_store_unavailable' });
    await raw.close();
  });

  it('maps an injected failing store to 503 without leaking its message', async () => {
    const raw = SqliteEventStore.open(':memory:');
    const store = withCodec(raw, new PersonalDataCodec(policy, new KeyRing(failingStore)));
    const error = (await store.appendToStream(`client-${BOB.id}`, [clientRegistered(BOB)]).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'key_store_unavailable', httpStatus: 503 });
    expect(error.message).not.toContain(ALICE.name);
    expect(toErrorBody(error, { headers: {} }).message).toBe('key store unavailable: unreachable');
    expect(await raw.headPosition()).toBe(0n);
    await raw.close();
  });

  it('still appends and reads events without personal data while the key store is down', async () => {
    const raw = SqliteEventStore.open(':memory:');
    const store = withCodec(raw, new PersonalDataCodec(policy, new KeyRing(failingStore)));
    const etm = { ...clientRegistered(ALICE), type: 'EtmAssessed', data: { clientId: ALICE.id, score: 5 } };
    await store.appendToStream(`safety-${ALICE.id}`, [etm]);
    expect((await collect(store.readAll())).map((event) => event.data)).toEqual([etm.data]);
    await raw.close();
  });

  it('fails reads of encrypted events with 503 rather than showing them as erased', async () => {
    const raw = SqliteEventStore.open(':memory:');
    const keyStore = SqliteSubjectKeyStore.open(':memory:', MasterKey.generate());
    await withCodec(raw, new PersonalDataCodec(policy, new KeyRing(keyStore))).appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE)]);
    await keyStore.close();
    const fresh = withCodec(raw, new PersonalDataCodec(policy, new KeyRing(keyStore)));
    await expect(collect(fresh.readAll())).rejects.toMatchObject({ code: 'key_store_unavailable' });
    await raw.close();
  });
});
