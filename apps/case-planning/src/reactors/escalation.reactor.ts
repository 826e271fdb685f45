import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { DomainError, EscalationResolved, type PublicEvent } from '@wijkteam/contracts';
import { ConsumeEvents } from '@wijkteam/messaging';
import type { CommandContext } from '@wijkteam/runtime';
import { CaseFiles } from '../application/case-files';
import type { CaseFileCommand, CaseFileState } from '../domain/case-file';

const contextOf = (event: PublicEvent): CommandContext => ({ actor: event.actor, correlationId: event.correlationId, causationId: event.id });

/** seed 000: dwang/drang moves direction to the GI, stagnation to GOSA. */
const MOVE = {
  certified_institution: { kind: 'certified_institution', reason: 'dwang_drang' },
  gosa: { kind: 'gosa', reason: 'stagnation' },
} as const;

/**
 * seed 000: "Wanneer er dwang of drang wordt uitgesproken gaat de casusregie over naar een
 * gecertificeerde instelling"; "Wanneer GOSA betrokken is ligt de casusregie bij GOSA". Safety
 * decides the escalation (four eyes); when the GI or GOSA accepts it, this service moves case
 * direction through its own decider, decided by consensus by the professional who recorded the
 * acceptance. A file without a director yet gets the receiving party as its first director.
 *
 * Redelivery: the director history already holds the receiving party since the acceptance (or the
 * decider refuses `director_unchanged`), so the move happens once, and a later de-escalation is not
 * undone. A closed file keeps its closure: direction no longer moves (the closure referred it on).
 */
@Controller()
export class EscalationReactor {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ConsumeEvents('case-planning', EscalationResolved)
  async onEscalationResolved(@Payload() event: PublicEvent<typeof EscalationResolved>): Promise<void> {
    const { caseFileId, target, receivingParty, movesCaseDirection, outcome, resolvedBy, resolvedByRole, resolvedAt } = event.data;
    if (outcome !== 'accepted' || !movesCaseDirection || !receivingParty || !(target === 'certified_institution' || target === 'gosa')) return;
    const move = MOVE[target];
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    if (alreadyMoved(state, receivingParty, resolvedAt)) return;
    const command: CaseFileCommand = state.director
      ? {
          type: 'TransferCaseDirection',
          data: {
            toDirectorId: receivingParty,
            toDirectorKind: move.kind,
            reason: move.reason,
            decision: 'consensus',
            decidedBy: resolvedBy,
            decidedByRole: resolvedByRole,
            onBehalfOf: null,
            consentDecisionId: null,
            membership: null,
            transferredAt: resolvedAt,
          },
        }
      : { type: 'AssignCaseDirector', data: { directorId: receivingParty, directorKind: move.kind, reason: move.reason, assignedAt: resolvedAt, membership: null } };
    await ignoring(['director_unchanged', 'case_file_closed'], this.commands.execute(new CaseFiles.Command(caseFileId, command, contextOf(event))));
  }
}

const alreadyMoved = (state: CaseFileState, directorId: string, since: string): boolean => state.directorHistory.some((record) => record.directorId === directorId && record.since === since);

async function ignoring(codes: string[], work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError && codes.includes(error.code)) return;
    throw error;
  }
}
