import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DomainError, fold } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { deciderCommands } from '@wijkteam/runtime';
import { consentDecider, type ConsentEvent, consentStream } from '../domain/consent';
import type { ConsentPolicy } from '../domain/consent-policy';
import type { ConsentRecord } from '../domain/consent.types';
import { CONSENT_POLICY } from './consent-policy.provider';
import { ConsentIndex } from './consent-index';

/**
 * Grant, refuse, withdraw, expire: the generic handler of the consent decider (configured by the
 * policy), so the HTTP controller, the NATS request handlers and the expiry scheduler all run the
 * same path. The id is the client's: all consents of a client are one stream.
 */
export const Consents = deciderCommands('Consent', {
  inject: [CONSENT_POLICY, ConsentIndex],
  useFactory: (policy: ConsentPolicy, index: ConsentIndex) => ({
    decider: consentDecider(policy),
    stream: consentStream,
    // Write-through: the next decision in this process must see a withdrawal at once.
    appended: (clientId, result) => index.applyAppended(clientId, result.events, result.revision),
  }),
});

/** Which client a consent belongs to; the routes that name only the consent need it. */
export async function clientOfConsent(index: ConsentIndex, consentId: string): Promise<string> {
  const clientId = await index.clientOf(consentId);
  if (!clientId) throw new DomainError('consent_not_found', 'not_found', 'consentId');
  return clientId;
}

export type ConsentHistoryEntry = { type: string; occurredAt: string; actorRole: string; revision: string; data: unknown };
export type ConsentHistory = { consents: ConsentRecord[]; history: ConsentHistoryEntry[] };

export class GetConsentHistoryQuery extends Query<ConsentHistory> {
  constructor(readonly clientId: string) {
    super();
  }
}

/** The client's consents as they stand, and every event that made them so (the history, not a summary). */
@QueryHandler(GetConsentHistoryQuery)
export class GetConsentHistoryQueryHandler implements IQueryHandler<GetConsentHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ clientId }: GetConsentHistoryQuery): Promise<ConsentHistory> {
    const history: ConsentHistoryEntry[] = [];
    const events: ConsentEvent[] = [];
    for await (const event of this.store.readStream(consentStream(clientId))) {
      history.push({ type: event.type, occurredAt: event.metadata.occurredAt, actorRole: event.metadata.actor.role, revision: event.revision.toString(), data: event.data });
      events.push({ type: event.type, data: event.data } as unknown as ConsentEvent);
    }
    return { consents: Object.values(fold(consentDecider(), events).consents), history };
  }
}

export class GetConsentQuery extends Query<ConsentRecord> {
  constructor(readonly consentId: string) {
    super();
  }
}

@QueryHandler(GetConsentQuery)
export class GetConsentQueryHandler implements IQueryHandler<GetConsentQuery> {
  constructor(private readonly index: ConsentIndex) {}

  async execute({ consentId }: GetConsentQuery): Promise<ConsentRecord> {
    const consents = await this.index.consentsOf(await clientOfConsent(this.index, consentId));
    const consent = consents.find((record) => record.consentId === consentId);
    if (!consent) throw new DomainError('consent_not_found', 'not_found', 'consentId');
    return consent;
  }
}
