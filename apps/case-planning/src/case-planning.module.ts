import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { CaseFileController } from './api/case-file.controller';
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
import { CaseFiles } from './application/case-files';
import { ConsentPermits } from './application/consent-permits';
import { CasePlanningSettings, zrmReferenceProvider } from './case-planning.settings';
import { casePlanningGateway } from './case-planning.gateway';

/** Case planning's read models, built from its own history alone. */
export const CASE_PLANNING_PROJECTIONS = [transitionWorklistProjection];

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  imports: [messagingFor('case-planning', casePlanningGateway), projectionsFor('case-planning', ...CASE_PLANNING_PROJECTIONS), AuditModule.forService('case-planning'), PrivacyModule.forService('case-planning')],
  controllers: [CaseFileController, TransitionController, TurningEighteenController, HandoverViewController, ReferralAcceptedReactor, erasureFollowerFor('case-planning')],
  providers: [CasePlanningSettings.provider, zrmReferenceProvider, ConsentPermits, ...CaseFiles.handlers, ...Transitions.handlers, TransitionHandling, IntakeBirthdays, TurningEighteen, AdultTeamAccess],
})
export class CasePlanningModule {}
