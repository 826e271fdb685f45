import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { EtmRequestsController } from './api/etm-requests.controller';
import { SafetyController } from './api/safety.controller';
import { Professionals } from './application/professionals';
import { SafetyAssessments } from './application/safety-assessments';
import { SafetyCaseFiles } from './application/safety-case-files';
import { SafetyCaseFilesFeed, safetyCaseFilesProjection } from './projections/safety-case-files.projection';
import { safetyGateway } from './safety.gateway';

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
/** Safety's read models. */
export const SAFETY_PROJECTIONS = [safetyCaseFilesProjection];

@Module({
  imports: [messagingFor('safety', safetyGateway), projectionsFor('safety', ...SAFETY_PROJECTIONS), AuditModule.forService('safety'), PrivacyModule.forService('safety')],
  controllers: [SafetyController, EtmRequestsController, SafetyCaseFilesFeed, erasureFollowerFor('safety')],
  providers: [SafetyCaseFiles, Professionals, ...SafetyAssessments.handlers],
})
export class SafetyModule {}
