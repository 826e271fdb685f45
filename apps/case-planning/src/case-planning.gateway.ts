import { defineGateway } from '@wijkteam/messaging';
import { caseFileRoutes } from './gateway/case-file.routes';
import { evaluationRoutes } from './gateway/evaluation.routes';
import { planRoutes } from './gateway/plan.routes';
import { specialistCareRoutes } from './gateway/specialist-care.routes';
import { transitionRoutes } from './gateway/transition.routes';
import { firstVisitRoutes } from './gateway/first-visit.routes';
import { networkRoutes } from './gateway/network.routes';

/**
 * What leaves case planning: one translation per public event, one file of routes per concern of the
 * case (gateway/); nothing else of the store does.
 */
export const casePlanningGateway = defineGateway('case-planning', {
  routes: { ...caseFileRoutes, ...firstVisitRoutes, ...networkRoutes, ...planRoutes, ...evaluationRoutes, ...specialistCareRoutes, ...transitionRoutes },
});
