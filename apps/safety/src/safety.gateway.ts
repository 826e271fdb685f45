import { EtmAssessed, SafetyPlanRequired } from '@wijkteam/contracts';
import { canonical, defineGateway, toPublic, utc } from '@wijkteam/messaging';
import { coachSafetyRoutes } from './gateway/coach-safety.routes';
import { escalationRoutes } from './gateway/escalation.routes';
import { riskSignalRoutes } from './gateway/risk-signal.routes';
import { meldcodeRoutes } from './gateway/meldcode.routes';

/** What leaves safety: the ETM score and the safety-plan requirement, never a level text. */
export const safetyGateway = defineGateway('safety', {
  routes: {
    ...escalationRoutes, ...riskSignalRoutes, ...coachSafetyRoutes,
    EtmAssessed: toPublic(EtmAssessed, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      assessmentId: canonical(data.assessmentId),
      score: data.score,
      assessorId: data.assessorId,
      secondAssessorId: data.secondAssessorId,
      assessedAt: utc(data.assessedAt),
    })),
    SafetyPlanRequired: toPublic(SafetyPlanRequired, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      assessmentId: canonical(data.assessmentId),
      considerCrisisInterventionTeam: data.considerCrisisInterventionTeam,
      requiredAt: utc(data.requiredAt),
    })),
    ...meldcodeRoutes,
  },
});
