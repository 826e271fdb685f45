import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { CaseFileController } from './api/case-file.controller';
import { CaseTimelineController, MyCasesController } from './api/case-views.controller';
import { MyCases } from './application/my-cases';
import { Timeline } from './application/timeline';
import { caseOverviewProjection } from './projections/case-overview.projection';
import { EvaluationController } from './api/evaluation.controller';
import { PlanController } from './api/plan.controller';
import { PlanWorklistController } from './api/plan-worklist.controller';
import { SpecialistCareController } from './api/specialist-care.controller';
import { Evaluations } from './application/evaluations';
import { PlanWorklists } from './application/plan-worklists';
import { Plans } from './application/plans';
import { SpecialistCare } from './application/specialist-care';
import { HandoverViewController } from './api/handover-view.controller';
import { TransitionController } from './api/transition.controller';
import { TurningEighteenController } from './api/turning-eighteen.controller';
import { AdultTeamAccess } from './application/adult-team-access';
import { IntakeBirthdays } from './application/intake-birthdays';
import { TransitionHandling } from './application/transition-handling';
import { Transitions } from './application/transitions';
import { TurningEighteen } from './application/turning-eighteen';
import { transitionWorklistProjection } from './projections/transition-worklist.projection';
import { ReferralAcceptedReactor } from './reactors/referral-accepted.reactor';
import { EscalationReactor } from './reactors/escalation.reactor';
import { CaseFiles } from './application/case-files';
import { ConsentPermits } from './application/consent-permits';
import { IntakeLookups } from './application/intake-lookups';
import { CasePlanningSettings, zrmReferenceProvider } from './case-planning.settings';
import { casePlanningGateway } from './case-planning.gateway';
import { planWorklistProjection } from './projections/plan-worklist.projection';
import { FirstVisitController } from './api/first-visit.controller';
import { NetworkController } from './api/network.controller';
import { CasePlanningWorklistController } from './api/worklist.controller';
import { FirstVisitRecording, FirstVisits } from './application/first-visits';
import { NetworkContacts, Networks } from './application/network';
import { EtmThroughSafety } from './application/safety-etm';
import { firstVisitDeadlinesProjection } from './projections/first-visit-deadlines.projection';
import { CasePlanningCaseHistoryReplies } from './api/case-history.replies';

/** Case planning's read models, built from its own streams alone. */
export const CASE_PLANNING_PROJECTIONS = [caseOverviewProjection, firstVisitDeadlinesProjection, planWorklistProjection, transitionWorklistProjection];

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  imports: [messagingFor('case-planning', casePlanningGateway), projectionsFor('case-planning', ...CASE_PLANNING_PROJECTIONS), AuditModule.forService('case-planning'), PrivacyModule.forService('case-planning')],
  controllers: [
    CaseFileController,
    CaseTimelineController,
    MyCasesController,
    FirstVisitController,
    NetworkController,
    CasePlanningWorklistController,
    PlanController,
    EvaluationController,
    SpecialistCareController,
    PlanWorklistController,
    TransitionController,
    TurningEighteenController,
    HandoverViewController,
    ReferralAcceptedReactor,
    EscalationReactor,
    erasureFollowerFor('case-planning'),
    CasePlanningCaseHistoryReplies,
  ],
  providers: [
    CasePlanningSettings.provider,
    zrmReferenceProvider,
    ConsentPermits,
    IntakeLookups,
    MyCases,
    Timeline,
    PlanWorklists,
    TransitionHandling,
    IntakeBirthdays,
    TurningEighteen,
    AdultTeamAccess,
    EtmThroughSafety,
    FirstVisitRecording,
    NetworkContacts,
    ...CaseFiles.handlers,
    ...Plans.handlers,
    ...Evaluations.handlers,
    ...SpecialistCare.handlers,
    ...Transitions.handlers,
    ...FirstVisits.handlers,
    ...Networks.handlers,
  ],
})
export class CasePlanningModule {}
