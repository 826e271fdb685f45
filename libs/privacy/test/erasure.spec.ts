import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { EventStore } from '@wijkteam/event-store';
import { v7 as uuidv7 } from 'uuid';
import { erasureStreamOf } from '../src/erasure/erasure.decider';
import { SubjectErasure } from '../src/erasure/subject-erasure';
import { MasterKey } from '../src/keys/master-key';
import { ALICE, BOB, clientRegistered, collect, openStack, type Paths, type Stack, tempPaths } from './support/fixtures';

const coordinator = { userId: 'coordinator-1', role: 'team-coordinator', organisation: 'wijkteam-noord' };

/** A read model as reporting would build it: client id -> name and birth date, from readAll. */
async function rebuildClientDirectory(store: EventStore): Promise<Map<string, unknown>> {
  const directory = new Map<string, unknown>();
  for await (const event of store.readAll()) {
    if (event.type === 'ClientRegistered') directory.set(String(event.data.clientId), { name: event.data.name, birthDate: event.data.birthDate, etm: event.data.etmIndication });
  }
  return directory;
}

describe('erasure by crypto-shredding', () => {
  let paths: Paths;
  let stack: Stack;
  const masterKey = MasterKey.generate();

  beforeEach(async () => {
    paths = tempPaths();
    stack = openStack(paths, masterKey);
    await stack.store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE)]);
    await stack.store.appendToStream(`client-${BOB.id}`, [clientRegistered(BOB)]);
    await stack.store.appendToStream(`plan-${ALICE.id}`, [
      { ...clientRegistered(ALICE), type: 'PlanOfApproachDrafted', data: { clientId: ALICE.id, goalsInOwnWords: ['Weer naar school'], notes: 'Moeder werkt nachtdiensten' } },
    ]);
  });
  afterEach(async () => {
    await stack.close();
    paths.cleanup();
  });

  const erase = (s: Stack = stack) =>
    new SubjectErasure('consent', s.store, s.keys).erase({
      subjectId: ALICE.id,
      legalBasis: 'jeugdwet_art7_3_9_destruction_request',
      requestId: '0193a5b2-7c1e-7000-8000-0000000d0001',
      decidedBy: coordinator,
      eventId: uuidv7(),
      correlationId: 'corr-erase',
      at: new Date('2026-12-01T10:00:00.000Z'),
    });

  it('shows erased markers for the erased client and leaves other clients untouched', async () => {
    await erase();
    const events = await collect(stack.store.readAll());
    const alice = events.filter((event) => event.data.clientId === ALICE.id);
    expect(alice.map((event) => event.type)).toEqual(['ClientRegistered', 'PlanOfApproachDrafted']);
    expect(alice[0].data).toMatchObject({ clientId: ALICE.id, name: { $erased: true }, birthDate: { $erased: true }, address: { $erased: true }, etmIndication: 4, route: 'jgz' });
    expect(alice[0].data.contact).toEqual({ phone: { $erased: true }, preferredChannel: 'phone' });
    expect(alice[1].data).toEqual({ clientId: ALICE.id, goalsInOwnWords: { $erased: true }, notes: { $erased: true } });
    expect(alice[0].metadata.pii).toMatchObject({ erased: true, subjectId: ALICE.id, paths: ['name', 'birthDate', 'address', 'contact.phone'] });
    const bob = events.find((event) => event.data.clientId === BOB.id);
    expect(bob?.data).toEqual(clientRegistered(BOB).data);
  });

  it('after a restart, nothing of the erased client is readable: raw store, decoded events, rebuilt read model', async () => {
    await erase();
    await stack.close();
    stack = openStack(paths, masterKey); // new store, key store and codec on the same files

    const secrets = [ALICE.name, ALICE.birthDate, 'Weer naar school', 'nachtdiensten'];
    const decoded = JSON.stringify(await collect(stack.store.readAll()), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const rawFile = readFileSync(paths.events).toString('latin1') + readFileSync(`${paths.events}-wal`, { flag: 'a+' }).toString('latin1');
    const directory = JSON.stringify([...(await rebuildClientDirectory(stack.store)).entries()]);
    for (const secret of secrets) {
      expect(decoded).not.toContain(secret);
      expect(rawFile).not.toContain(secret);
      expect(directory).not.toContain(secret);
    }
    // the replay still works, the facts remain, and the other client is intact
    const rebuilt = await rebuildClientDirectory(stack.store);
    expect(rebuilt.get(ALICE.id)).toEqual({ name: { $erased: true }, birthDate: { $erased: true }, etm: 4 });
    expect(rebuilt.get(BOB.id)).toEqual({ name: BOB.name, birthDate: BOB.birthDate, etm: 4 });
  });

  it('destroys the key material in the key store files, keeping a tombstone', async () => {
    const db = new Database(paths.keys, { readonly: true });
    const before = db.prepare('SELECT wrapped FROM subject_keys WHERE subject_id = ?').get(ALICE.id) as { wrapped: Buffer };
    db.close();
    expect(before.wrapped.length).toBeGreaterThan(32);
    await erase();
    const keyFiles = Buffer.concat([readFileSync(paths.keys), readFileSync(`${paths.keys}-wal`, { flag: 'a+' })]);
    expect(keyFiles.includes(before.wrapped)).toBe(false);
    expect(await stack.keyStore.keyById(JSON.parse(JSON.stringify((await collect(stack.raw.readAll()))[0].metadata.pii)).keyId)).toBe('destroyed');
  });

  it('records the erasure as an event with who, why and the legal basis', async () => {
    await erase();
    const [event] = await collect(stack.store.readStream(erasureStreamOf('consent')(ALICE.id)));
    expect(event.type).toBe('SubjectKeyDestroyed');
    expect(event.data).toEqual({
      subjectId: ALICE.id,
      legalBasis: 'jeugdwet_art7_3_9_destruction_request',
      requestId: '0193a5b2-7c1e-7000-8000-0000000d0001',
      decidedBy: coordinator,
      destroyedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(event.metadata).toMatchObject({ actor: coordinator, purpose: 'erasure', correlationId: 'corr-erase' });
    expect(await new SubjectErasure('consent', stack.store, stack.keys).erasureOf(ALICE.id)).toMatchObject({ data: { legalBasis: 'jeugdwet_art7_3_9_destruction_request' } });
  });

  it('refuses a second erasure and new personal data for the erased client, appending nothing', async () => {
    await erase();
    const head = await stack.raw.headPosition();
    await expect(erase()).rejects.toMatchObject({ code: 'subject_already_erased' });
    await expect(stack.store.appendToStream(`client-${ALICE.id}`, [clientRegistered(ALICE)])).rejects.toMatchObject({ code: 'subject_erased', httpStatus: 409 });
    expect(await stack.raw.headPosition()).toBe(head);
  });

  it('a process started after the erasure sees it too (keys live in their own store)', async () => {
    const other = openStack(paths, masterKey);
    expect((await collect(other.store.readStream(`client-${ALICE.id}`)))[0].data.name).toBe(ALICE.name);
    await erase();
    const reopened = openStack(paths, masterKey);
    expect((await collect(reopened.store.readStream(`client-${ALICE.id}`)))[0].data.name).toEqual({ $erased: true });
    await other.close();
    await reopened.close();
  });
});
