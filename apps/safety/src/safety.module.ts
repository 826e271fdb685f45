import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { EtmRequestsController } from './api/etm-requests.controller';
import { SafetyController } from './api/safety.controller';
import { SafetyPlanController } from './api/safety-plan.controller';
import { SafetyWorklistController } from './api/safety-worklist.controller';
import { Professionals } from './application/professionals';
import { SafetyAssessments } from './application/safety-assessments';
import { SafetyCaseFiles } from './application/safety-case-files';
import { SafetyCaseFilesFeed, safetyCaseFilesProjection } from './projections/safety-case-files.projection';
import { safetyPlanDeadlinesProjection } from './projections/safety-plan-deadlines.projection';
import { safetyGateway } from './safety.gateway';
import { etmLevelsProvider, SafetySettings } from './safety.settings';

/** Safety's read models. */
export const SAFETY_PROJECTIONS = [safetyCaseFilesProjection, safetyPlanDeadlinesProjection];

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
@Module({
  imports: [messagingFor('safety', safetyGateway), projectionsFor('safety', ...SAFETY_PROJECTIONS), AuditModule.forService('safety'), PrivacyModule.forService('safety')],
  // The worklist before SafetyController: `worklists/...` is never read as a case file id.
  controllers: [SafetyWorklistController, SafetyController, SafetyPlanController, EtmRequestsController, SafetyCaseFilesFeed, erasureFollowerFor('safety')],
  providers: [SafetySettings.provider, etmLevelsProvider, SafetyCaseFiles, Professionals, ...SafetyAssessments.handlers],
})
export class SafetyModule {}
