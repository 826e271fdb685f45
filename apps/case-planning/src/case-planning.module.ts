import { Module } from '@nestjs/common';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { CaseFileController } from './api/case-file.controller';
import { ReferralAcceptedReactor } from './projections/referral-accepted.reactor';
import { GetCaseFileQueryHandler, HandleCaseFileCommandHandler } from './application/case-file.handlers';

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  imports: [messagingFor('case-planning')],
  controllers: [CaseFileController, ReferralAcceptedReactor, erasureFollowerFor('case-planning')],
  providers: [HandleCaseFileCommandHandler, GetCaseFileQueryHandler],
})
export class CasePlanningModule {}
