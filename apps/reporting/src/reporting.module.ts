import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { messagingFor, projectionsFor } from '@wijkteam/runtime';
import { AuditVerificationController } from './api/audit-verification.controller';
import { CaseAtController, CaseFileClients } from './api/case-at.controller';
import { CaseListsController } from './api/case-lists.controller';
import { ComplianceController } from './api/compliance.controller';
import { CaseAt } from './application/case-at';
import { FiguresController } from './api/figures.controller';
import { SafetyListsController } from './api/safety-lists.controller';
import { CaseLists } from './application/case-lists';
import { Compliance } from './application/compliance';
import { Figures } from './application/figures';
import { IntakeEighteenthMonths } from './application/intake-eighteenth-months';
import { SafetyLists } from './application/safety-lists';
import { Sealer } from './application/sealer';
import { CaseDeadlinesFeed, caseDeadlinesProjection } from './projections/case-deadlines.projection';
import { CaseloadFeed, caseloadProjection } from './projections/caseload.projection';
import { ClosureFiguresFeed, closureFiguresProjection } from './projections/closure-figures.projection';
import { ComplianceFeed, complianceProjection } from './projections/compliance.projection';
import { ConsentFiguresFeed, consentFiguresProjection } from './projections/consent-figures.projection';
import { MeldcodeEscalationsFeed, meldcodeEscalationsProjection } from './projections/meldcode-escalations.projection';
import { ReferralFiguresFeed, referralFiguresProjection } from './projections/referral-figures.projection';
import { SafetyPlansFeed, safetyPlansProjection } from './projections/safety-plans.projection';
import { TransitionsFeed, transitionsProjection } from './projections/transitions.projection';
import { WaitingListFeed, waitingListProjection } from './projections/waiting-list.projection';
import { ReportingSettings } from './reporting.settings';

/** Reporting's read models: all fed by the other services' public events. */
export const REPORTING_PROJECTIONS = [
  referralFiguresProjection,
  closureFiguresProjection,
  consentFiguresProjection,
  waitingListProjection,
  caseloadProjection,
  caseDeadlinesProjection,
  complianceProjection,
  safetyPlansProjection,
  meldcodeEscalationsProjection,
  transitionsProjection,
];

/**
 * The reporting service (issue 16): management figures from the other services' public events, and
 * the seals over the store's history that make a change behind its back show. It publishes nothing
 * (no gateway) and holds no client data: codes, counts, and the ids needed to attribute a later
 * event to a team, so it needs no key store. It keeps its own access log, as every service does:
 * "who saw my file" asks every service, this one too.
 */
@Module({
  imports: [messagingFor('reporting'), projectionsFor('reporting', ...REPORTING_PROJECTIONS), AuditModule.forService('reporting')],
  controllers: [
    FiguresController,
    AuditVerificationController,
    ReferralFiguresFeed,
    ClosureFiguresFeed,
    ConsentFiguresFeed,
    CaseListsController,
    WaitingListFeed,
    CaseloadFeed,
    CaseDeadlinesFeed,
    ComplianceController,
    ComplianceFeed,
    SafetyListsController,
    SafetyPlansFeed,
    MeldcodeEscalationsFeed,
    TransitionsFeed,
    CaseAtController,
  ],
  providers: [ReportingSettings.provider, Figures, Sealer, CaseLists, Compliance, SafetyLists, IntakeEighteenthMonths, CaseAt, CaseFileClients],
})
export class ReportingModule {}
