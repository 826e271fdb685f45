import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { messagingFor, projectionsFor } from '@wijkteam/runtime';
import { AuditVerificationController } from './api/audit-verification.controller';
import { CaseAtController, CaseFileClients } from './api/case-at.controller';
import { CaseAt } from './application/case-at';
import { FiguresController } from './api/figures.controller';
import { Figures } from './application/figures';
import { Sealer } from './application/sealer';
import { ClosureFiguresFeed, closureFiguresProjection } from './projections/closure-figures.projection';
import { ConsentFiguresFeed, consentFiguresProjection } from './projections/consent-figures.projection';
import { ReferralFiguresFeed, referralFiguresProjection } from './projections/referral-figures.projection';
import { ReportingSettings } from './reporting.settings';

/** Reporting's read models: all fed by the other services' public events. */
export const REPORTING_PROJECTIONS = [referralFiguresProjection, closureFiguresProjection, consentFiguresProjection];

/**
 * The reporting service (issue 16): management figures from the other services' public events, and
 * the seals over the store's history that make a change behind its back show. It publishes nothing
 * (no gateway) and holds no client data: codes, counts, and the ids needed to attribute a later
 * event to a team, so it needs no key store. It keeps its own access log, as every service does:
 * "who saw my file" asks every service, this one too.
 */
@Module({
  imports: [messagingFor('reporting'), projectionsFor('reporting', ...REPORTING_PROJECTIONS), AuditModule.forService('reporting')],
  controllers: [FiguresController, AuditVerificationController, ReferralFiguresFeed, ClosureFiguresFeed, ConsentFiguresFeed, CaseAtController],
  providers: [ReportingSettings.provider, Figures, Sealer, CaseAt, CaseFileClients],
})
export class ReportingModule {}
