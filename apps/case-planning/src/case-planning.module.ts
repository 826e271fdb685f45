import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { CaseFileController } from './api/case-file.controller';
import { FirstVisitController } from './api/first-visit.controller';
import { NetworkController } from './api/network.controller';
import { CasePlanningWorklistController } from './api/worklist.controller';
import { ReferralAcceptedReactor } from './reactors/referral-accepted.reactor';
import { CaseFiles } from './application/case-files';
import { ConsentPermits } from './application/consent-permits';
import { FirstVisitRecording, FirstVisits } from './application/first-visits';
import { NetworkContacts, Networks } from './application/network';
import { EtmThroughSafety } from './application/safety-etm';
import { CasePlanningSettings, zrmReferenceProvider } from './case-planning.settings';
import { casePlanningGateway } from './case-planning.gateway';
import { firstVisitDeadlinesProjection } from './projections/first-visit-deadlines.projection';

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  imports: [messagingFor('case-planning', casePlanningGateway), projectionsFor('case-planning', firstVisitDeadlinesProjection), AuditModule.forService('case-planning'), PrivacyModule.forService('case-planning')],
  controllers: [CaseFileController, FirstVisitController, NetworkController, CasePlanningWorklistController, ReferralAcceptedReactor, erasureFollowerFor('case-planning')],
  providers: [CasePlanningSettings.provider, zrmReferenceProvider, ConsentPermits, ...CaseFiles.handlers, EtmThroughSafety, FirstVisitRecording, ...FirstVisits.handlers, NetworkContacts, ...Networks.handlers],
})
export class CasePlanningModule {}
