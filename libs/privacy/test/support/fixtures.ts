import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, type EventToAppend, type RecordedEvent, SqliteEventStore, withCodec } from '@wijkteam/event-store';
import { v7 as uuidv7 } from 'uuid';
import { PersonalDataCodec } from '../../src/codec/personal-data-codec';
import { KeyRing } from '../../src/keys/key-ring';
import type { MasterKey } from '../../src/keys/master-key';
import { SqliteSubjectKeyStore } from '../../src/keys/sqlite-subject-key-store';
import { definePersonalDataPolicy } from '../../src/policy/personal-data-policy';

/** An example policy, shaped like the services' events: names, birth date, address, own words. */
export const policy = definePersonalDataPolicy({
  ClientRegistered: { subject: 'clientId', personal: ['name', 'birthDate', 'address', 'contact.phone'] },
  PlanOfApproachDrafted: { subject: 'clientId', personal: ['goalsInOwnWords', 'notes'] },
});

export const ALICE = { id: '0193a5b2-7c1e-7000-8000-00000000c001', name: 'Fleur van Dijk', birthDate: '2012-03-14' };
export const BOB = { id: '0193a5b2-7c1e-7000-8000-00000000c002', name: 'Daan Jansen', birthDate: '2010-11-02' };

export function clientRegistered(client: { id: string; name: string; birthDate: string }): EventToAppend {
  return {
    id: uuidv7(),
    type: 'ClientRegistered',
    data: {
      clientId: client.id,
      name: client.name,
      birthDate: client.birthDate,
      address: { street: 'Lindenlaan 12', city: 'Maassluis' },
      contact: { phone: '06-12345678', preferredChannel: 'phone' },
      etmIndication: 4,
      route: 'jgz',
    },
    metadata: { occurredAt: '2026-11-23T09:00:00.000Z', actor: { userId: 'front-office-1', role: 'front-office', organisation: 'wijkteam-noord' }, correlationId: 'corr-1', schemaVersion: 1 },
  };
}

export interface Paths {
  dir: string;
  events: string;
  keys: string;
  cleanup(): void;
}

export function tempPaths(): Paths {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  return { dir, events: join(dir, 'events.db'), keys: join(dir, 'keys.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Stack {
  raw: SqliteEventStore;
  keyStore: SqliteSubjectKeyStore;
  keys: KeyRing;
  store: EventStore;
  close(): Promise<void>;
}

/** What a service process wires: the SQLite store wrapped with the codec, keys in their own file. */
export function openStack(paths: Paths, masterKey: MasterKey): Stack {
  const raw = SqliteEventStore.open(paths.events, { synchronous: 'NORMAL' });
  const keyStore = SqliteSubjectKeyStore.open(paths.keys, masterKey);
  const keys = new KeyRing(keyStore);
  const store = withCodec(raw, new PersonalDataCodec(policy, keys));
  return { raw, keyStore, keys, store, close: async () => { await raw.close(); await keyStore.close(); } };
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export async function readAllDecoded(store: EventStore): Promise<RecordedEvent[]> {
  return collect(store.readAll());
}
