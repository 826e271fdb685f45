import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { CoachSafetyController } from './api/coach-safety.controller';
import { EscalationController } from './api/escalation.controller';
import { EscalationWorklistController } from './api/escalation-worklist.controller';
import { EtmRequestsController } from './api/etm-requests.controller';
import { RiskSignalController } from './api/risk-signal.controller';
import { CoachSafety } from './application/coach-safety';
import { EscalationWorklist } from './application/escalation-worklist';
import { Escalations } from './application/escalations';
import { RiskSignals } from './application/risk-signals';
import { escalationWorklistProjection } from './projections/escalation-worklist.projection';
import { MeldcodeController } from './api/meldcode.controller';
import { MeldcodeWorklistController } from './api/meldcode-worklist.controller';
import { SafetyController } from './api/safety.controller';
import { MeldcodeTrajectories } from './application/meldcode-trajectories';
import { SafetyPlanController } from './api/safety-plan.controller';
import { SafetyWorklistController } from './api/safety-worklist.controller';
import { Professionals } from './application/professionals';
import { SafetyAssessments } from './application/safety-assessments';
import { SafetyCaseFiles } from './application/safety-case-files';
import { meldcodeWorklistProjection } from './projections/meldcode-worklist.projection';
import { SafetyCaseFilesFeed, safetyCaseFilesProjection } from './projections/safety-case-files.projection';
import { safetyPlanDeadlinesProjection } from './projections/safety-plan-deadlines.projection';
import { safetyGateway } from './safety.gateway';
import { afwegingskaderProvider, etmLevelsProvider, SafetySettings } from './safety.settings';
import { SafetyCaseHistoryReplies } from './api/case-history.replies';

/** Safety's read models. */
export const SAFETY_PROJECTIONS = [safetyCaseFilesProjection, safetyPlanDeadlinesProjection, escalationWorklistProjection, meldcodeWorklistProjection];

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals, coach safety. */
@Module({
  imports: [messagingFor('safety', safetyGateway), projectionsFor('safety', ...SAFETY_PROJECTIONS), AuditModule.forService('safety'), PrivacyModule.forService('safety')],
  // The worklists before the case-file routes: `safety/worklists/…` is no case file's.
  controllers: [
    EscalationWorklistController,
    MeldcodeWorklistController,
    SafetyWorklistController,
    SafetyController,
    SafetyPlanController,
    EtmRequestsController,
    SafetyCaseFilesFeed,
    EscalationController,
    RiskSignalController,
    CoachSafetyController,
    MeldcodeController,
    erasureFollowerFor('safety'),
    SafetyCaseHistoryReplies,
  ],
  providers: [
    SafetySettings.provider,
    afwegingskaderProvider,
    etmLevelsProvider,
    SafetyCaseFiles,
    Professionals,
    EscalationWorklist,
    ...SafetyAssessments.handlers,
    ...Escalations.handlers,
    ...RiskSignals.handlers,
    ...CoachSafety.handlers,
    ...MeldcodeTrajectories.handlers,
  ],
})
export class SafetyModule {}
