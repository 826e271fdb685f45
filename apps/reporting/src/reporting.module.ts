import { Module } from '@nestjs/common';
import { messagingFor, projectionsFor } from '@wijkteam/runtime';
import { FiguresController } from './api/figures.controller';
import { Figures } from './application/figures';
import { ClosureFiguresFeed, closureFiguresProjection } from './projections/closure-figures.projection';
import { ConsentFiguresFeed, consentFiguresProjection } from './projections/consent-figures.projection';
import { ReferralFiguresFeed, referralFiguresProjection } from './projections/referral-figures.projection';

/** Reporting's read models: all fed by the other services' public events. */
export const REPORTING_PROJECTIONS = [referralFiguresProjection, closureFiguresProjection, consentFiguresProjection];

/**
 * The reporting service: management figures from the other services' public events (issue 16).
 * It publishes nothing (no gateway) and holds no client data: codes, counts, and the ids needed to
 * attribute a later event to a team, so it needs neither an access log nor a key store.
 */
@Module({
  imports: [messagingFor('reporting'), projectionsFor('reporting', ...REPORTING_PROJECTIONS)],
  controllers: [FiguresController, ReferralFiguresFeed, ClosureFiguresFeed, ConsentFiguresFeed],
  providers: [Figures],
})
export class ReportingModule {}
