import { createEventStore, type EventStore } from '@wijkteam/event-store';
import { ProjectionCatchingUp, ProjectionHost } from '@wijkteam/projections';
import { toErrorBody } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import { type ConsentEvent, consentStream } from '../domain/consent';
import { consentIndexProjection } from '../projections/consent-index.projection';
import { ConsentIndex } from './consent-index';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };
const client = '0190a000-0000-7000-8000-00000000c001';
const consentA = '0190a000-0000-7000-8000-0000000000a1';

const granted: ConsentEvent = {
  type: 'ConsentGranted',
  data: {
    consentId: consentA, clientId: client, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: 'warm_handover',
    recipient: { organisation: 'volwassenenteam', role: null }, dataCategories: ['help_request'],
    period: { from: '2026-12-01T00:00:00.000Z', until: '2026-12-10T00:00:00.000Z' }, evidence: { documentId: '0190a000-0000-7000-8000-0000000000d1' }, grantedAt: '2026-12-01T00:00:00.000Z',
  },
};
const withdrawn: ConsentEvent = { type: 'ConsentWithdrawn', data: { consentId: consentA, clientId: client, withdrawnBy: 'client', reason: 'no_longer_needed' as never, withdrawnAt: '2026-12-02T00:00:00.000Z' } };
const toAppend = (event: ConsentEvent) => ({ id: crypto.randomUUID(), type: event.type, data: event.data as never, metadata: { occurredAt: '2026-12-01T00:00:00.000Z', actor: { userId: 'spec', role: 'coach', organisation: 'spec' }, correlationId: 'spec', schemaVersion: 1 } });

describe('ConsentIndex over the consent_index read model', () => {
  let store: EventStore;
  let host: ProjectionHost;
  let index: ConsentIndex;

  beforeEach(async () => {
    store = createEventStore('sqlite::memory:');
    host = await ProjectionHost.open({ service: 'consent', url: 'sqlite::memory:', store, projections: [consentIndexProjection], logger: silent });
    index = new ConsentIndex(host, store);
    index.onModuleInit();
  });

  afterEach(async () => {
    await host.stop();
    await store.close();
  });

  it('answers 503 with a reason while the read model has not caught up, and never decides on it', async () => {
    await expect(index.consentsOf(client)).rejects.toBeInstanceOf(ProjectionCatchingUp);
    expect(() => index.consentsOfNow(client)).toThrow(ProjectionCatchingUp);
    expect(toErrorBody(new ProjectionCatchingUp('consent_index'), { headers: {} })).toMatchObject({ statusCode: 503, code: 'projection_catching_up' });
  });

  it('reads a client from the rows once live, and from nothing held in memory at start-up', async () => {
    await store.appendToStream(consentStream(client), [toAppend(granted)]);
    await host.start();
    expect(index.consentsOfNow(client)).toBeUndefined();
    expect((await index.consentsOf(client)).map((c) => c.status)).toEqual(['active']);
    expect(index.consentsOfNow(client)?.map((c) => c.status)).toEqual(['active']);
    expect(await index.clientOf(consentA)).toBe(client);
    expect(await index.dueForExpiry('2026-12-10T00:00:00.000Z')).toEqual([{ clientId: client, consentId: consentA }]);
    expect(await index.dueForExpiry('2026-12-09T23:59:59.000Z')).toEqual([]);
  });

  it('sees its own withdrawal at once (write-through), before the rows have it', async () => {
    await host.start();
    const first = await store.appendToStream(consentStream(client), [toAppend(granted)]);
    index.applyAppended(client, [granted], first.nextExpectedRevision);
    const second = await store.appendToStream(consentStream(client), [toAppend(withdrawn)]);
    index.applyAppended(client, [withdrawn], second.nextExpectedRevision);
    expect((await index.consentsOf(client)).map((c) => c.status)).toEqual(['withdrawn']);
    expect(await index.clientOf(consentA)).toBe(client);
  });

  it('follows what other replicas append, through the rows the runner commits', async () => {
    await host.start();
    await store.appendToStream(consentStream(client), [toAppend(granted)]);
    await eventually(async () => expect((await index.consentsOf(client)).map((c) => c.status)).toEqual(['active']));
    await store.appendToStream(consentStream(client), [toAppend(withdrawn)]);
    await eventually(async () => expect(index.consentsOfNow(client)?.map((c) => c.status)).toEqual(['withdrawn']));
  });
});
