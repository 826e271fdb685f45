import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { RecordedEvent } from '@wijkteam/event-store';
import { ALICE, BOB, clientRegistered, collect, openStack, type Paths, policy, type Stack, tempPaths } from '../../test/support/fixtures';
import { MasterKey } from '../keys/master-key';
import { KeyRing } from '../keys/key-ring';
import { SqliteSubjectKeyStore } from '../keys/sqlite-subject-key-store';
import { PersonalDataCodec } from './personal-data-codec';

describe('PersonalDataCodec', () => {
  let paths: Paths;
  let stack: Stack;
  const masterKey = MasterKey.generate();

  beforeEach(() => {
    paths = tempPaths();
    stack = openStack(paths, masterKey);
  });
  afterEach(async () => {
    await stack.close();
    paths.cleanup();
  });

  const rawRows = () => {
    const db = new Database(paths.events, { readonly: true });
    try {
      return db.prepare('SELECT type, data, metadata FROM events ORDER BY position').all() as { type: string; data: string; metadata: string }[];
    } finally {
      db.close();
    }
  };

  it('stores personal paths encrypted and non-personal facts readable, and decrypts on read', async () => {
    const event = clientRegistered(ALICE);
    await stack.store.appendToStream(`client-${ALICE.id}`, [event]);

    const [row] = rawRows();
    expect(row.data).not.toContain(ALICE.name);
    expect(row.data).not.toContain(ALICE.birthDate);
    expect(row.data).not.toContain('Lindenlaan');
    expect(row.data).not.toContain('06-12345678');
    expect(row.metadata).not.toContain(ALICE.name);
    expect(row.metadata).not.toContain(ALICE.birthDate);
    expect(row.metadata).not.toContain('Lindenlaan');
    expect(row.metadata).not.toContain('06-12345678');
    // data keeps its shape and the facts; each personal path holds a marker, the values are in ONE blob
    const stored = JSON.parse(row.data);
    expect(stored).toEqual({ clientId: ALICE.id, etmIndication: 4, route: 'jgz', name: { $pii: true }, birthDate: { $pii: true }, address: { $pii: true }, contact: { preferredChannel: 'phone', phone: { $pii: true } } });
    expect(JSON.parse(row.metadata).pii).toEqual({ keyId: expect.any(String), subjectId: ALICE.id, alg: 'A256GCM', paths: ['name', 'birthDate', 'address', 'contact.phone'], sealed: expect.any(String) });

    const [read] = await collect(stack.store.readStream(`client-${ALICE.id}`));
    expect(read.data).toEqual(event.data);
    // the decoded event carries no ciphertext, only which key and paths
    expect(read.metadata.pii).toEqual({ keyId: expect.any(String), subjectId: ALICE.id, alg: 'A256GCM', paths: ['name', 'birthDate', 'address', 'contact.phone'] });
    // the key material is nowhere in the clear: the key store file holds it wrapped only
    const key = await stack.keyStore.keyForSubject(ALICE.id);
    expect(readFileSync(paths.keys).includes(key.material)).toBe(false);
  });

  it('passes events without a policy or without personal values through untouched', async () => {
    const other = { ...clientRegistered(ALICE), type: 'EtmAssessed', data: { clientId: ALICE.id, score: 5 } };
    const noValues = { ...clientRegistered(ALICE), type: 'PlanOfApproachDrafted', data: { clientId: ALICE.id, goalCount: 2 } };
    await stack.store.appendToStream(`client-${ALICE.id}`, [other, noValues]);
    const rows = rawRows();
    expect(rows.map((row) => JSON.parse(row.data))).toEqual([other.data, noValues.data]);
    expect(rows.every((row) => JSON.parse(row.metadata).pii === undefined)).toBe(true);
  });

  it('encrypts a whole array (goals in the client\'s own words) as one value', async () => {
    const event = { ...clientRegistered(ALICE), type: 'PlanOfApproachDrafted', data: { clientId: ALICE.id, goalsInOwnWords: ['Weer naar school', 'Minder ruzie thuis'], domain: 'school' } };
    await stack.store.appendToStream(`plan-${ALICE.id}`, [event]);
    expect(rawRows()[0].data).not.toContain('school"]');
    expect(rawRows()[0].data).not.toContain('ruzie');
    const [read] = await collect(stack.store.readAll());
    expect(read.data).toEqual(event.data);
  });

  const sealedOf = (event: RecordedEvent) => (event.metadata.pii as { sealed: string }).sealed;
  const withPii = (event: RecordedEvent, change: Record<string, unknown>): RecordedEvent => ({ ...event, metadata: { ...event.metadata, pii: { ...(event.metadata.pii as object), ...change } } });
  const decodeOf = (codec: PersonalDataCodec, event: RecordedEvent) => Promise.resolve().then(() => codec.decode(event));

  it('fails decoding when a ciphertext was tampered with, naming only the sealed field', async () => {
    const event = clientRegistered(ALICE);
    await stack.store.appendToStream(`client-${ALICE.id}`, [event]);
    const [recorded] = await collect(stack.raw.readAll());
    const codec = new PersonalDataCodec(policy, stack.keys);
    const bytes = Buffer.from(sealedOf(recorded), 'base64');
    for (const at of [0, 12, bytes.length - 1]) {
      // the IV, the tag, the last ciphertext byte
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x01;
      const tampered = withPii(recorded, { sealed: flipped.toString('base64') });
      await expect(decodeOf(codec, tampered)).rejects.toMatchObject({ code: 'personal_data_integrity', field: 'metadata.pii.sealed', message: expect.not.stringContaining(ALICE.name) });
    }
    await expect(decodeOf(codec, withPii(recorded, { sealed: 'AAAA' }))).rejects.toMatchObject({ code: 'personal_data_integrity' });
    await expect(decodeOf(codec, withPii(recorded, { sealed: undefined }))).rejects.toMatchObject({ code: 'personal_data_integrity' });
  });

  it('binds the ciphertext to its event id, subject and path list (AAD): moved or relabelled ciphertexts do not decrypt', async () => {
    const first = clientRegistered(ALICE);
    const second = clientRegistered(ALICE);
    await stack.store.appendToStream(`client-${ALICE.id}`, [first, second]);
    const [a, b] = await collect(stack.raw.readAll());
    const codec = new PersonalDataCodec(policy, stack.keys);
    const movedAcrossEvents = withPii(b, { sealed: sealedOf(a) });
    await expect(decodeOf(codec, movedAcrossEvents)).rejects.toMatchObject({ code: 'personal_data_integrity', field: 'metadata.pii.sealed' });
    // the path list is bound too: dropping a path (so it would stay a marker) or renaming one fails
    const dropped = withPii(a, { paths: ['name', 'birthDate', 'address'] });
    await expect(decodeOf(codec, dropped)).rejects.toMatchObject({ code: 'personal_data_integrity' });
    const renamed = withPii(a, { paths: ['name', 'birthDate', 'address', 'contact.email'] });
    await expect(decodeOf(codec, renamed)).rejects.toMatchObject({ code: 'personal_data_integrity' });
    const otherSubject = withPii(a, { subjectId: BOB.id });
    await expect(decodeOf(codec, otherSubject)).rejects.toMatchObject({ code: 'personal_data_integrity' });
    // the order of the stored list does not matter, only the set
    const reordered = withPii(a, { paths: ['contact.phone', 'address', 'birthDate', 'name'] });
    expect((await codec.decode(reordered)).data).toEqual(first.data);
    // untouched, both still decrypt
    expect((await codec.decode(b)).data.name).toBe(ALICE.name);
    expect((await codec.decode(a)).data).toEqual(first.data);
  });

  it('seals all personal paths of an event in one blob (one IV and tag per event, fresh per event)', async () => {
    const events = [clientRegistered(ALICE), clientRegistered(ALICE)];
    await stack.store.appendToStream(`client-${ALICE.id}`, events);
    const [a, b] = await collect(stack.raw.readAll());
    expect(JSON.stringify(a.data)).not.toMatch(/"\$pii":"/);
    const ivOf = (event: RecordedEvent) => Buffer.from(sealedOf(event), 'base64').subarray(0, 12).toString('hex');
    expect(ivOf(a)).not.toBe(ivOf(b));
    // decoding does not modify the raw event it was given
    const before = JSON.stringify(a.data);
    await new PersonalDataCodec(policy, stack.keys).decode(a);
    expect(JSON.stringify(a.data)).toBe(before);
  });

  it('uses one key per subject and different keys for different subjects', async () => {
    const other = { ...ALICE, id: '0193a5b2-7c1e-7000-8000-00000000c0ff' };
    await stack.store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE), clientRegistered(ALICE)]);
    await stack.store.appendToStream(`client-${other.id}`, [clientRegistered(other)]);
    const keyIds = rawRows().map((row) => JSON.parse(row.metadata).pii.keyId);
    expect(keyIds[0]).toBe(keyIds[1]);
    expect(keyIds[2]).not.toBe(keyIds[0]);
  });

  it('refuses personal data without a subject id, appending nothing', async () => {
    const event = clientRegistered(ALICE);
    const orphan = { ...event, data: { ...event.data, clientId: 'Fleur' } };
    await expect(stack.store.appendToStream(`client-${ALICE.id}`, [orphan])).rejects.toMatchObject({ code: 'personal_data_policy_violation', field: 'clientId' });
    expect(await stack.raw.headPosition()).toBe(0n);
  });

  it('reports a wrong master key as key_store_unavailable, not as erasure', async () => {
    await stack.store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE)]);
    await stack.keyStore.close();
    const wrongKeys = SqliteSubjectKeyStore.open(paths.keys, MasterKey.generate());
    const codec = new PersonalDataCodec(policy, new KeyRing(wrongKeys));
    const [recorded] = await collect(stack.raw.readAll());
    await expect(Promise.resolve().then(() => codec.decode(recorded))).rejects.toMatchObject({ code: 'key_store_unavailable', reason: 'master_key_mismatch' });
    await wrongKeys.close();
  });

  it('reports a key id unknown to the key store (wrong or empty key file) as 503, not as erasure', async () => {
    await stack.store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE)]);
    const empty = SqliteSubjectKeyStore.open(':memory:', masterKey);
    const codec = new PersonalDataCodec(policy, new KeyRing(empty));
    const [recorded] = await collect(stack.raw.readAll());
    await expect(Promise.resolve().then(() => codec.decode(recorded))).rejects.toMatchObject({ code: 'key_store_unavailable', httpStatus: 503, reason: 'unknown_key' });
    await empty.close();
  });
});
