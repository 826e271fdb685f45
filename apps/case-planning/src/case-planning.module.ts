import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { CaseFileController } from './api/case-file.controller';
import { ReferralAcceptedReactor } from './reactors/referral-accepted.reactor';
import { CaseFiles } from './application/case-files';
import { ConsentPermits } from './application/consent-permits';
import { IntakeLookups } from './application/intake-lookups';
import { CasePlanningSettings, zrmReferenceProvider } from './case-planning.settings';
import { casePlanningGateway } from './case-planning.gateway';

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  imports: [messagingFor('case-planning', casePlanningGateway), AuditModule.forService('case-planning'), PrivacyModule.forService('case-planning')],
  controllers: [CaseFileController, ReferralAcceptedReactor, erasureFollowerFor('case-planning')],
  providers: [CasePlanningSettings.provider, zrmReferenceProvider, ConsentPermits, IntakeLookups, ...CaseFiles.handlers],
})
export class CasePlanningModule {}
