import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { DomainError, fold } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { type CommandContext, type CommandResult, CommandRunner } from '@wijkteam/runtime';
import { type ConsentCommand, consentDecider, type ConsentEvent, type ConsentState, consentStream } from '../domain/consent';
import type { ConsentPolicy } from '../domain/consent-policy';
import type { ConsentRecord } from '../domain/consent.types';
import { CONSENT_POLICY } from './consent-policy.provider';
import { ConsentIndex } from './consent-index';

/**
 * Grant, refuse, withdraw, expire: one CQRS command for all four, so the HTTP controller, a future NATS
 * request handler and the expiry scheduler all run the same path. `clientId` names the stream.
 */
export class HandleConsentCommand {
  constructor(
    readonly clientId: string,
    readonly command: ConsentCommand,
    readonly context: CommandContext,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(HandleConsentCommand)
export class HandleConsentCommandHandler implements ICommandHandler<HandleConsentCommand, CommandResult<ConsentState, ConsentEvent>> {
  private readonly decider;

  constructor(
    private readonly runner: CommandRunner,
    private readonly index: ConsentIndex,
    @Inject(CONSENT_POLICY) policy: ConsentPolicy,
  ) {
    this.decider = consentDecider(policy);
  }

  async execute({ clientId, command, context, ifMatch }: HandleConsentCommand): Promise<CommandResult<ConsentState, ConsentEvent>> {
    const result = await this.runner.run(this.decider, consentStream(clientId), command, context, { ifMatch });
    // Write-through: the next decision in this process must see a withdrawal at once.
    if (result.events.length > 0) this.index.applyAppended(clientId, result.events, result.revision);
    return result;
  }
}

/** Which client a consent belongs to; the routes that name only the consent need it. */
export function clientOfConsent(index: ConsentIndex, consentId: string): string {
  const clientId = index.clientOf(consentId);
  if (!clientId) throw new DomainError('consent_not_found', 'not_found', 'consentId');
  return clientId;
}

export type ConsentHistoryEntry = { type: string; occurredAt: string; actorRole: string; revision: string; data: unknown };

export class GetConsentHistoryQuery {
  constructor(readonly clientId: string) {}
}

/** The client's consents as they stand, and every event that made them so (the history, not a summary). */
@QueryHandler(GetConsentHistoryQuery)
export class GetConsentHistoryQueryHandler implements IQueryHandler<GetConsentHistoryQuery, { consents: ConsentRecord[]; history: ConsentHistoryEntry[] }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ clientId }: GetConsentHistoryQuery): Promise<{ consents: ConsentRecord[]; history: ConsentHistoryEntry[] }> {
    const history: ConsentHistoryEntry[] = [];
    const events: ConsentEvent[] = [];
    for await (const event of this.store.readStream(consentStream(clientId))) {
      history.push({ type: event.type, occurredAt: event.metadata.occurredAt, actorRole: event.metadata.actor.role, revision: event.revision.toString(), data: event.data });
      events.push({ type: event.type, data: event.data } as unknown as ConsentEvent);
    }
    return { consents: Object.values(fold(consentDecider(), events).consents), history };
  }
}

export class GetConsentQuery {
  constructor(readonly consentId: string) {}
}

@QueryHandler(GetConsentQuery)
export class GetConsentQueryHandler implements IQueryHandler<GetConsentQuery, ConsentRecord> {
  constructor(private readonly index: ConsentIndex) {}

  async execute({ consentId }: GetConsentQuery): Promise<ConsentRecord> {
    const consents = await this.index.consentsOf(clientOfConsent(this.index, consentId));
    const consent = consents.find((record) => record.consentId === consentId);
    if (!consent) throw new DomainError('consent_not_found', 'not_found', 'consentId');
    return consent;
  }
}
