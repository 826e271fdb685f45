import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { EtmRequestsController } from './api/etm-requests.controller';
import { SafetyController } from './api/safety.controller';
import { SafetyAssessments } from './application/safety-assessments';
import { safetyGateway } from './safety.gateway';

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
@Module({
  imports: [messagingFor('safety', safetyGateway), AuditModule.forService('safety'), PrivacyModule.forService('safety')],
  controllers: [SafetyController, EtmRequestsController, erasureFollowerFor('safety')],
  providers: [...SafetyAssessments.handlers],
})
export class SafetyModule {}
