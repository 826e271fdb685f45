import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { Clock, type CommandContext, CommandRunner, deciderCommands } from '@wijkteam/runtime';
import type { ConsentPolicy } from '../domain/consent-policy';
import { disclosureDecider, type DisclosureDecidedData, type DisclosureRecordedData, disclosureStream } from '../domain/disclosure';
import type { DisclosureRequest } from '../domain/disclosure-policy';
import { CONSENT_POLICY } from './consent-policy.provider';
import { ConsentIndex } from './consent-index';
import { SafetyDecisions } from './safety-decisions';

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
    private readonly safetyDecisions: SafetyDecisions,
  ) {
    this.decider = disclosureDecider(policy);
  }

  async execute({ decisionId, request, context }: DecideDisclosureCommand): Promise<DisclosureDecidedData> {
    const consents = this.index.consentsOfNow(request.clientId) ?? (await this.index.consentsOf(request.clientId));
    // The Meldcode ground rests on a real decision of safety: looked up here, judged by the pure policy.
    const named = request.legalGround?.ground === 'child_safety_meldcode' ? request.legalGround.safetyDecisionId : null;
    const safetyDecision = named ? await this.safetyDecisions.find(named) : null;
    const decidedAt = this.clock.now().toISOString();
    const data = { decisionId, request, consents, safetyDecision, decidedAt };
    const { events } = await this.runner.run(this.decider, disclosureStream(request.clientId), { type: 'DecideDisclosure', data }, context, {
      expectedRevision: 'any',
    });
    return events[0].data as DisclosureDecidedData;
  }
}

/** For an auditor following a Meldcode ground to its decision: the case file and outcome of safety's decision. */
export type SafetyDecisionLink = { safetyDecision?: { caseFileId: string; outcome: string; decidedAt: string } };

export type DisclosureLog = {
  /** "Who received what about me, when and why": every recorded disclosure with its basis. */
  disclosures: (DisclosureRecordedData & { recordedByOrganisation: string } & SafetyDecisionLink)[];
  /** Every decision, permits and denials, so a refusal to share is visible too. */
  decisions: (DisclosureDecidedData & SafetyDecisionLink)[];
};

export class GetDisclosuresQuery extends Query<DisclosureLog> {
  constructor(readonly clientId: string) {
    super();
  }
}

@QueryHandler(GetDisclosuresQuery)
export class GetDisclosuresQueryHandler implements IQueryHandler<GetDisclosuresQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly safetyDecisions: SafetyDecisions,
  ) {}

  async execute({ clientId }: GetDisclosuresQuery): Promise<DisclosureLog> {
    const log: DisclosureLog = { disclosures: [], decisions: [] };
    for await (const event of this.store.readStream(disclosureStream(clientId))) {
      if (event.type === 'DisclosureRecorded')
        log.disclosures.push({ ...(event.data as unknown as DisclosureRecordedData), recordedByOrganisation: event.metadata.actor.organisation });
      else if (event.type === 'DisclosureDecided') log.decisions.push(event.data as unknown as DisclosureDecidedData);
    }
    const entries = [...log.disclosures, ...log.decisions];
    const known = await this.safetyDecisions.findAll(entries.flatMap((entry) => (entry.basis?.safetyDecisionId ? [entry.basis.safetyDecisionId] : [])));
    for (const entry of entries) {
      const decision = entry.basis?.safetyDecisionId ? known.get(entry.basis.safetyDecisionId) : undefined;
      if (decision) entry.safetyDecision = { caseFileId: decision.caseFileId, outcome: decision.outcome, decidedAt: decision.decidedAt };
    }
    return log;
  }
}
