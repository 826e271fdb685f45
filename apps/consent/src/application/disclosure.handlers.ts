import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { Clock, type CommandContext, CommandRunner, deciderCommands } from '@wijkteam/runtime';
import type { ConsentPolicy } from '../domain/consent-policy';
import { disclosureDecider, type DisclosureDecidedData, type DisclosureRecordedData, disclosureStream } from '../domain/disclosure';
import type { DisclosureRequest } from '../domain/disclosure-policy';
import { CONSENT_POLICY } from './consent-policy.provider';
import { ConsentIndex } from './consent-index';

/**
 * Recording a disclosure (any service that actually disclosed reports it here, naming its decision,
 * docs/domain.md): the generic handler of the disclosure decider; the id is the client's.
 */
export const Disclosures = deciderCommands('Disclosure', {
  inject: [CONSENT_POLICY],
  useFactory: (policy: ConsentPolicy) => ({ decider: disclosureDecider(policy), stream: disclosureStream }),
});

export class DecideDisclosureCommand extends Command<DisclosureDecidedData> {
  constructor(
    readonly decisionId: string,
    readonly request: DisclosureRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The hot path: index lookup, pure evaluation, one append. Not the generic handler, because the
 * decision needs the client's consents from the index first; the write itself is the runner's, with
 * expectedRevision 'any' on purpose: a decision depends on the consents, not on earlier decisions,
 * so two decisions for one client need not serialise on `consent.disclosure-<clientId>`.
 */
@CommandHandler(DecideDisclosureCommand)
export class DecideDisclosureCommandHandler implements ICommandHandler<DecideDisclosureCommand> {
  private readonly decider;

  constructor(
    private readonly runner: CommandRunner,
    private readonly index: ConsentIndex,
    private readonly clock: Clock,
    @Inject(CONSENT_POLICY) policy: ConsentPolicy,
  ) {
    this.decider = disclosureDecider(policy);
  }

  async execute({ decisionId, request, context }: DecideDisclosureCommand): Promise<DisclosureDecidedData> {
    const consents = this.index.consentsOfNow(request.clientId) ?? (await this.index.consentsOf(request.clientId));
    const decidedAt = this.clock.now().toISOString();
    const { events } = await this.runner.run(this.decider, disclosureStream(request.clientId), { type: 'DecideDisclosure', data: { decisionId, request, consents, decidedAt } }, context, {
      expectedRevision: 'any',
    });
    return events[0].data as DisclosureDecidedData;
  }
}

export type DisclosureLog = {
  /** "Who received what about me, when and why": every recorded disclosure with its basis. */
  disclosures: (DisclosureRecordedData & { recordedByOrganisation: string })[];
  /** Every decision, permits and denials, so a refusal to share is visible too. */
  decisions: DisclosureDecidedData[];
};

export class GetDisclosuresQuery extends Query<DisclosureLog> {
  constructor(readonly clientId: string) {
    super();
  }
}

@QueryHandler(GetDisclosuresQuery)
export class GetDisclosuresQueryHandler implements IQueryHandler<GetDisclosuresQuery> {
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
