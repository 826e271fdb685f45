import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { messagingFor, projectionsFor } from '@wijkteam/runtime';
import { consentIndexProjection } from './projections/consent-index.projection';
import { ConsentRequestsController } from './api/consent-requests.controller';
import { ClientRights } from './privacy/client-rights';
import { ClientRightsController } from './privacy/client-rights.controller';
import { RetentionFeed, retentionProjection } from './projections/retention.projection';
import { RetentionClock } from './projections/retention-clock';
import { SafetyDecisionsFeed, safetyDecisionsProjection } from './projections/safety-decisions.projection';
import { SafetyDecisions } from './application/safety-decisions';
import { ConsentController } from './api/consent.controller';
import { DisclosureController } from './api/disclosure.controller';
import { ConsentExpiryScheduler } from './application/consent-expiry.scheduler';
import { ConsentIndex } from './application/consent-index';
import { consentPolicyProvider } from './application/consent-policy.provider';
import { Consents, GetConsentHistoryQueryHandler, GetConsentQueryHandler } from './application/consent.handlers';
import { DecideDisclosureCommandHandler, Disclosures, GetDisclosuresQueryHandler } from './application/disclosure.handlers';
import { DestructionRequests } from './application/destruction-requests';
import { consentGateway } from './consent.gateway';
import { ConsentSettings } from './consent.settings';
import { ConsentCaseHistoryReplies } from './api/case-history.replies';
import { ErasureRecordReplies } from './privacy/erasure-record.replies';

/** The consent service's read models (also what `npm run projections:rebuild` knows of it). */
export const CONSENT_PROJECTIONS = [consentIndexProjection, retentionProjection, safetyDecisionsProjection];

/**
 * The consent service: grants, refusals, withdrawals, expiry, the disclosure decision and the
 * disclosure log (seeds 000, 001, 004), and the client-rights desk: destruction requests, erasure
 * and the retention clock (Jeugdwet art. 7.3.8/7.3.9). Commands are CQRS commands so that NATS
 * request handlers send the same ones as the HTTP controllers. The policy (catalogues, age rule) is the CONSENT_POLICY
 * provider: override it to configure.
 */
@Module({
  imports: [messagingFor('consent', consentGateway), projectionsFor('consent', ...CONSENT_PROJECTIONS), AuditModule.forService('consent'), PrivacyModule.forService('consent')],
  controllers: [ConsentController, DisclosureController, ConsentRequestsController, ClientRightsController, RetentionFeed, SafetyDecisionsFeed, ConsentCaseHistoryReplies, ErasureRecordReplies],
  providers: [
    ConsentSettings.provider,
    consentPolicyProvider(),
    ConsentIndex,
    ConsentExpiryScheduler,
    ...Consents.handlers,
    GetConsentHistoryQueryHandler,
    GetConsentQueryHandler,
    SafetyDecisions,
    DecideDisclosureCommandHandler,
    ...Disclosures.handlers,
    GetDisclosuresQueryHandler,
    ...DestructionRequests.handlers,
    RetentionClock,
    ClientRights,
  ],
  exports: [ConsentIndex],
})
export class ConsentModule {}
