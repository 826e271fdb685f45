import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { answerCaseHistory, type CaseHistory, caseHistoryPattern, caseStream, RAW_EVENT_STORE, UserRequests } from '@wijkteam/runtime';
import type { AfwegingskaderReference } from '../domain/afwegingskader';
import { coachSafetyDecider, coachSafetyStream } from '../domain/coach-safety';
import { escalationDecider, escalationStream } from '../domain/escalation';
import { meldcodeDecider, meldcodeStream } from '../domain/meldcode';
import { riskSignalDecider, riskSignalStream } from '../domain/risk-signal';
import { safetyDecider, safetyStream } from '../domain/safety-assessment';
import { AFWEGINGSKADER } from '../safety.settings';

/**
 * `safety.case-history` (issue 16, the auditor's case at a moment): safety's streams of the case
 * file (ETM and safety plan, Meldcode, escalations, risk signal, coach safety), each folded by its
 * decider up to the moment, from safety's own store; explanations and notes stay sealed.
 */
@Controller()
export class SafetyCaseHistoryReplies {
  private readonly meldcode: ReturnType<typeof meldcodeDecider>;

  constructor(
    @Inject(RAW_EVENT_STORE) private readonly store: EventStore,
    private readonly requests: UserRequests,
    @Inject(AFWEGINGSKADER) afwegingskader: AfwegingskaderReference,
  ) {
    this.meldcode = meldcodeDecider(afwegingskader);
  }

  @ServiceMessagePattern('safety', caseHistoryPattern('safety'))
  answer(@Payload() payload: unknown): Promise<CaseHistory> {
    return answerCaseHistory(this.requests, this.store, payload, ({ caseFileId }) => [
      caseStream(safetyStream(caseFileId), safetyDecider),
      caseStream(meldcodeStream(caseFileId), this.meldcode),
      caseStream(escalationStream(caseFileId), escalationDecider),
      caseStream(riskSignalStream(caseFileId), riskSignalDecider),
      caseStream(coachSafetyStream(caseFileId), coachSafetyDecider),
    ]);
  }
}
