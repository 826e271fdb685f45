import { defineGateway } from '@wijkteam/messaging';
import { assessmentRoutes } from './gateway/assessment.routes';
import { coachSafetyRoutes } from './gateway/coach-safety.routes';
import { escalationRoutes } from './gateway/escalation.routes';
import { meldcodeRoutes } from './gateway/meldcode.routes';
import { riskSignalRoutes } from './gateway/risk-signal.routes';

/** What leaves safety: one translation per public event, one file of routes per concern (gateway/); never a text. */
export const safetyGateway = defineGateway('safety', {
  routes: { ...assessmentRoutes, ...meldcodeRoutes, ...escalationRoutes, ...riskSignalRoutes, ...coachSafetyRoutes },
});
