import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { answerCaseHistory, type CaseHistory, caseHistoryPattern, caseStream, RAW_EVENT_STORE, UserRequests } from '@wijkteam/runtime';
import { CONSENT_POLICY } from '../application/consent-policy.provider';
import { consentDecider, consentStream } from '../domain/consent';
import type { ConsentPolicy } from '../domain/consent-policy';
import { disclosureDecider, disclosureStream } from '../domain/disclosure';

/**
 * `consent.case-history` (issue 16, the auditor's case at a moment): the consents and disclosures
 * of every client of the case file (the children and the family members), each stream folded by its
 * decider up to the moment, from consent's own store.
 */
@Controller()
export class ConsentCaseHistoryReplies {
  private readonly consents: ReturnType<typeof consentDecider>;
  private readonly disclosures: ReturnType<typeof disclosureDecider>;

  constructor(
    @Inject(RAW_EVENT_STORE) private readonly store: EventStore,
    private readonly requests: UserRequests,
    @Inject(CONSENT_POLICY) policy: ConsentPolicy,
  ) {
    this.consents = consentDecider(policy);
    this.disclosures = disclosureDecider(policy);
  }

  @ServiceMessagePattern('consent', caseHistoryPattern('consent'))
  answer(@Payload() payload: unknown): Promise<CaseHistory> {
    return answerCaseHistory(this.requests, this.store, payload, ({ childIds, familyMemberIds }) =>
      [...new Set([...childIds, ...familyMemberIds])].flatMap((clientId) => [
        caseStream(consentStream(clientId), this.consents),
        caseStream(disclosureStream(clientId), this.disclosures),
      ]),
    );
  }
}
