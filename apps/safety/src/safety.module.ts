import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { EtmRequestsController } from './api/etm-requests.controller';
import { MeldcodeController } from './api/meldcode.controller';
import { MeldcodeWorklistController } from './api/meldcode-worklist.controller';
import { SafetyController } from './api/safety.controller';
import { MeldcodeTrajectories } from './application/meldcode-trajectories';
import { Professionals } from './application/professionals';
import { SafetyAssessments } from './application/safety-assessments';
import { SafetyCaseFiles } from './application/safety-case-files';
import { meldcodeWorklistProjection } from './projections/meldcode-worklist.projection';
import { SafetyCaseFilesFeed, safetyCaseFilesProjection } from './projections/safety-case-files.projection';
import { safetyGateway } from './safety.gateway';
import { afwegingskaderProvider, SafetySettings } from './safety.settings';

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
/** Safety's read models. */
export const SAFETY_PROJECTIONS = [safetyCaseFilesProjection, meldcodeWorklistProjection];

@Module({
  imports: [messagingFor('safety', safetyGateway), projectionsFor('safety', ...SAFETY_PROJECTIONS), AuditModule.forService('safety'), PrivacyModule.forService('safety')],
  controllers: [SafetyController, EtmRequestsController, MeldcodeController, MeldcodeWorklistController, SafetyCaseFilesFeed, erasureFollowerFor('safety')],
  providers: [SafetyCaseFiles, Professionals, ...SafetyAssessments.handlers, SafetySettings.provider, afwegingskaderProvider, ...MeldcodeTrajectories.handlers],
})
export class SafetyModule {}
