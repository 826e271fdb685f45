import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { Clock, type CommandContext, type CommandResult, CommandRunner, envelope, IdGenerator } from '@wijkteam/runtime';
import type { ConsentPolicy } from '../domain/consent-policy';
import {
  type DisclosureCommand,
  disclosureDecider,
  type DisclosureDecidedData,
  type DisclosureEvent,
  type DisclosureRecordedData,
  type DisclosureState,
  disclosureStream,
} from '../domain/disclosure';
import type { DisclosureRequest } from '../domain/disclosure-policy';
import { CONSENT_POLICY } from './consent-policy.provider';
import { ConsentIndex } from './consent-index';

export class DecideDisclosureCommand {
  constructor(
    readonly decisionId: string,
    readonly request: DisclosureRequest,
    readonly context: CommandContext,
  ) {}
}

/**
 * The hot path: index lookup, pure evaluation, one append. The append uses expectedRevision 'any' on
 * purpose: a decision depends on the consents (read from the index), not on earlier decisions, so two
 * decisions for one client need not serialise on `disclosure-<clientId>`.
 */
@CommandHandler(DecideDisclosureCommand)
export class DecideDisclosureCommandHandler implements ICommandHandler<DecideDisclosureCommand, DisclosureDecidedData> {
  private readonly decider;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly index: ConsentIndex,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(CONSENT_POLICY) policy: ConsentPolicy,
  ) {
    this.decider = disclosureDecider(policy);
  }

  async execute({ decisionId, request, context }: DecideDisclosureCommand): Promise<DisclosureDecidedData> {
    const consents = this.index.consentsOfNow(request.clientId) ?? (await this.index.consentsOf(request.clientId));
    const decidedAt = this.clock.now().toISOString();
    const events = this.decider.decide({ type: 'DecideDisclosure', data: { decisionId, request, consents, decidedAt } }, this.decider.initialState());
    await this.store.appendToStream(
      disclosureStream(request.clientId),
      events.map((event) => envelope(event, this.ids.next(), decidedAt, context)),
      { expectedRevision: 'any' },
    );
    return events[0].data as DisclosureDecidedData;
  }
}

export class RecordDisclosureCommand {
  constructor(
    readonly data: Extract<DisclosureCommand, { type: 'RecordDisclosure' }>['data'],
    readonly context: CommandContext,
  ) {}
}

/** Any service that actually disclosed reports it here, naming its decision (DOMAIN.md). */
@CommandHandler(RecordDisclosureCommand)
export class RecordDisclosureCommandHandler implements ICommandHandler<RecordDisclosureCommand, CommandResult<DisclosureState, DisclosureEvent>> {
  private readonly decider;

  constructor(
    private readonly runner: CommandRunner,
    @Inject(CONSENT_POLICY) policy: ConsentPolicy,
  ) {
    this.decider = disclosureDecider(policy);
  }

  execute({ data, context }: RecordDisclosureCommand): Promise<CommandResult<DisclosureState, DisclosureEvent>> {
    return this.runner.run(this.decider, disclosureStream(data.clientId), { type: 'RecordDisclosure', data }, context);
  }
}

export type DisclosureLog = {
  /** "Who received what about me, when and why": every recorded disclosure with its basis. */
  disclosures: (DisclosureRecordedData & { recordedByOrganisation: string })[];
  /** Every decision, permits and denials, so a refusal to share is visible too. */
  decisions: DisclosureDecidedData[];
};

export class GetDisclosuresQuery {
  constructor(readonly clientId: string) {}
}

@QueryHandler(GetDisclosuresQuery)
export class GetDisclosuresQueryHandler implements IQueryHandler<GetDisclosuresQuery, DisclosureLog> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ clientId }: GetDisclosuresQuery): Promise<DisclosureLog> {
    const log: DisclosureLog = { disclosures: [], decisions: [] };
    for await (const event of this.store.readStream(disclosureStream(clientId))) {
      if (event.type === 'DisclosureRecorded')
        log.disclosures.push({ ...(event.data as unknown as DisclosureRecordedData), recordedByOrganisation: event.metadata.actor.organisation });
      else if (event.type === 'DisclosureDecided') log.decisions.push(event.data as unknown as DisclosureDecidedData);
    }
    return log;
  }
}
