import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { answerCaseHistory, type CaseHistory, caseHistoryPattern, caseStream, RAW_EVENT_STORE, UserRequests } from '@wijkteam/runtime';
import type { EligibilityRules } from '../domain/eligibility';
import { referralDecider, referralStream } from '../domain/referral';
import { ELIGIBILITY_RULES } from '../intake.settings';

/**
 * `intake.case-history` (issue 16, the auditor's case at a moment): the case file's referral, folded
 * by the referral decider up to the moment, from intake's own store; the child's name, the referrer
 * and the help question stay sealed.
 */
@Controller()
export class IntakeCaseHistoryReplies {
  private readonly referrals: ReturnType<typeof referralDecider>;

  constructor(
    @Inject(RAW_EVENT_STORE) private readonly store: EventStore,
    private readonly requests: UserRequests,
    @Inject(ELIGIBILITY_RULES) rules: EligibilityRules,
  ) {
    this.referrals = referralDecider(rules);
  }

  @ServiceMessagePattern('intake', caseHistoryPattern('intake'))
  answer(@Payload() payload: unknown): Promise<CaseHistory> {
    return answerCaseHistory(this.requests, this.store, payload, ({ referralId }) => [caseStream(referralStream(referralId), this.referrals)]);
  }
}
