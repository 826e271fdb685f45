import { Controller, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import {
  CaseFileHistoryRequest,
  type CaseFileHistoryReply,
  caseHistoryAt,
  caseHistoryPattern,
  caseStream,
  type CaseStream,
  RAW_EVENT_STORE,
  UserRequests,
} from '@wijkteam/runtime';
import { CaseFiles } from '../application/case-files';
import { ZRM_REFERENCE } from '../case-planning.settings';
import { caseFileDecider, caseFileStream } from '../domain/case-file';
import { evaluationDecider, evaluationStream } from '../domain/evaluation';
import { firstVisitDecider, firstVisitStream } from '../domain/first-visit';
import { networkDecider, networkStream } from '../domain/network';
import { planDecider, planStream } from '../domain/plan';
import { specialistCareDecider, specialistCareStream } from '../domain/specialist-care';
import { transitionDecider, transitionStream } from '../domain/transition';
import type { ZrmReference } from '../domain/zrm';

/** Every stream of one case file (the timeline's CASE_FILE_PARTS), each with the decider that writes it. */
export function caseFileStreams(caseFileId: string, zrm: ZrmReference): CaseStream[] {
  return [
    caseStream(caseFileStream(caseFileId), caseFileDecider),
    caseStream(firstVisitStream(caseFileId), firstVisitDecider(zrm)),
    caseStream(networkStream(caseFileId), networkDecider),
    caseStream(planStream(caseFileId), planDecider),
    caseStream(evaluationStream(caseFileId), evaluationDecider(zrm)),
    caseStream(specialistCareStream(caseFileId), specialistCareDecider),
    caseStream(transitionStream(caseFileId), transitionDecider),
  ];
}

/**
 * `case-planning.case-history` (issue 16, the auditor's case at a moment): the case file as it is
 * now, whose ids the other services are asked with, and case planning's part of it at the moment.
 * The file known now, not at the moment: before its opening the referral was already at intake.
 */
@Controller()
export class CasePlanningCaseHistoryReplies {
  constructor(
    @Inject(RAW_EVENT_STORE) private readonly store: EventStore,
    @Inject(ZRM_REFERENCE) private readonly zrm: ZrmReference,
    private readonly queries: QueryBus,
    private readonly requests: UserRequests,
  ) {}

  @ServiceMessagePattern('case-planning', caseHistoryPattern('case-planning'))
  async answer(@Payload() payload: unknown): Promise<CaseFileHistoryReply> {
    const { caseFileId, asOf } = await this.requests.accept(CaseFileHistoryRequest, payload);
    const { state, revision } = await this.queries.execute(new CaseFiles.Current(caseFileId));
    if (revision === undefined || !state.referralId || !state.clientId) return { caseFile: null, history: null };
    const caseFile = {
      caseFileId,
      referralId: state.referralId,
      teamId: state.teamId ?? null,
      clientId: state.clientId,
      childIds: state.childIds ?? [state.clientId],
      familyMemberIds: state.familyMemberIds ?? [],
    };
    return { caseFile, history: await caseHistoryAt(this.store, caseFileStreams(caseFileId, this.zrm), new Date(asOf)) };
  }
}
