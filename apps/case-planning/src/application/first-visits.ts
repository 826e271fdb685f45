import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@wijkteam/contracts';
import { WrongExpectedVersion } from '@wijkteam/event-store';
import { type CommandContext, type CommandResult, deciderCommands, type Loaded } from '@wijkteam/runtime';
import { ZRM_REFERENCE } from '../case-planning.settings';
import type { CaseFileState } from '../domain/case-file';
import { assertFirstVisit, type FirstVisitDraft, type FirstVisitEvent, firstVisitDecider, type FirstVisitState, firstVisitStream } from '../domain/first-visit';
import type { ZrmReference } from '../domain/zrm';
import { EtmThroughSafety } from './safety-etm';

/** First-visit commands and reads, on the buses: the decider bound to the configured ZRM reference. */
export const FirstVisits = deciderCommands('FirstVisit', {
  inject: [ZRM_REFERENCE],
  useFactory: (reference: ZrmReference) => ({ decider: firstVisitDecider(reference), stream: firstVisitStream }),
});

/** The visit as the coach reports it: the ETM's second assessor instead of safety's assessment id. */
export type FirstVisitReport = Omit<FirstVisitDraft, 'caseFileId' | 'caseFile' | 'etm'> & { etm: { score: number; secondAssessorId: string } };

/**
 * Records a first visit whose ETM is the safety service's. Safety appends its EtmAssessed before
 * case planning appends FirstVisitHeld, so every rule of the visit (and If-Match) is checked first:
 * a visit refused here never leaves an assessment behind. Only a writer racing in between (409) can.
 */
@Injectable()
export class FirstVisitRecording {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly etm: EtmThroughSafety,
    @Inject(ZRM_REFERENCE) private readonly reference: ZrmReference,
  ) {}

  async record(caseFile: CaseFileState, report: FirstVisitReport, context: CommandContext, ifMatch: bigint | undefined): Promise<CommandResult<FirstVisitState, FirstVisitEvent>> {
    const { caseFileId, clientId } = caseFile;
    if (!caseFileId || !clientId) throw new DomainError('case_file_not_found', 'not_found');
    const facts = {
      status: caseFile.status,
      childIds: caseFile.childIds ?? [],
      familyMemberIds: caseFile.familyMemberIds ?? [],
      referredAt: caseFile.referredAt,
      firstVisitDue: caseFile.firstVisitDue,
    };
    const current = await this.current(caseFileId);
    if (ifMatch !== undefined && ifMatch !== current.revision) throw new WrongExpectedVersion(ifMatch, current.revision ?? 'no_stream');
    assertFirstVisit({ ...report, caseFileId, caseFile: facts }, current.state, this.reference);
    const assessment = await this.etm.assess({ caseFileId, clientId, score: report.etm.score, secondAssessorId: report.etm.secondAssessorId }, context);
    const etm = { assessmentId: assessment.assessmentId, score: assessment.score, secondAssessorId: report.etm.secondAssessorId };
    return this.commands.execute(
      new FirstVisits.Command(caseFileId, { type: 'RecordFirstVisit', data: { ...report, caseFileId, caseFile: facts, etm } }, context, {
        // The revision checked above: a visit recorded meanwhile is a conflict, not a second visit.
        ifMatch: current.revision,
      }),
    );
  }

  /** The first-visit stream as it stands; a file without a visit has none yet. */
  current(caseFileId: string): Promise<Loaded<FirstVisitState>> {
    return this.queries.execute(new FirstVisits.Current(caseFileId));
  }
}
