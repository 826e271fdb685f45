import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, In } from 'typeorm';
import { consentDecider, type ConsentEvent, type ConsentState, consentStream } from '../domain/consent';

/** One client's consents as the decider folds them, and the stream revision the fold reached. */
export interface ConsentIndexClientRow {
  clientId: string;
  revision: string;
  state: string;
}

/** One consent: which client it belongs to, and what the expiry scheduler needs. */
export interface ConsentIndexConsentRow {
  consentId: string;
  clientId: string;
  status: string;
  until: string | null;
}

export const ConsentIndexClients = new EntitySchema<ConsentIndexClientRow>({
  name: 'consent_index_clients',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    revision: { type: 'varchar', length: 20 },
    state: { type: 'text' },
  },
});

export const ConsentIndexConsents = new EntitySchema<ConsentIndexConsentRow>({
  name: 'consent_index_consents',
  columns: {
    consentId: { type: 'varchar', length: 36, primary: true, name: 'consent_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    status: { type: 'varchar', length: 16 },
    until: { type: 'varchar', length: 32, nullable: true },
  },
  indices: [{ name: 'consent_index_consents_due', columns: ['status', 'until'] }],
});

const decider = consentDecider();

/**
 * The consent index as a read model (issue 12): per client the fold of `consent.consent-<clientId>`,
 * per consent its client and period end. Only ids, codes and dates: a consent holds no personal data.
 * Version 1. A batch is folded per client in memory and written with one upsert per table.
 */
export const consentIndexProjection = defineProjection({
  name: 'consent_index',
  version: 1,
  streamPrefixes: [consentStream.prefix],
  eventTypes: ['ConsentGranted', 'ConsentRefused', 'ConsentWithdrawn', 'ConsentExpired'],
  tables: [ConsentIndexClients, ConsentIndexConsents],
  async handle(events: readonly RecordedEvent[], tx) {
    const byClient = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const clientId = consentStream.idOf(event.streamName);
      if (!clientId) continue;
      const stream = byClient.get(clientId);
      if (stream) stream.push(event);
      else byClient.set(clientId, [event]);
    }
    const stored = await tx.findBy(ConsentIndexClients, { clientId: In([...byClient.keys()]) });
    const current = new Map(stored.map((row) => [row.clientId, row]));
    const clients: ConsentIndexClientRow[] = [];
    const consents = new Map<string, ConsentIndexConsentRow>();
    for (const [clientId, stream] of byClient) {
      const row = current.get(clientId);
      let revision = row ? BigInt(row.revision) : -1n;
      let state: ConsentState = row ? (JSON.parse(row.state) as ConsentState) : decider.initialState();
      for (const event of stream) {
        if (event.revision <= revision) continue;
        state = decider.evolve(state, { type: event.type, data: event.data } as unknown as ConsentEvent);
        revision = event.revision;
        const consent = state.consents[(event.data as { consentId: string }).consentId];
        if (consent) consents.set(consent.consentId, { consentId: consent.consentId, clientId, status: consent.status, until: consent.period?.until ?? null });
      }
      clients.push({ clientId, revision: revision.toString(), state: JSON.stringify(state) });
    }
    await tx.upsert(ConsentIndexClients, clients, ['clientId']);
    if (consents.size > 0) await tx.upsert(ConsentIndexConsents, [...consents.values()], ['consentId']);
  },
});
