import { defineGateway } from '@wijkteam/messaging';
import { caseFileRoutes } from './gateway/case-file.routes';
import { firstVisitRoutes } from './gateway/first-visit.routes';
import { networkRoutes } from './gateway/network.routes';

/**
 * What leaves case planning: one translation per public event, one file of routes per concern of the
 * case (gateway/); nothing else of the store does.
 */
export const casePlanningGateway = defineGateway('case-planning', {
  routes: { ...caseFileRoutes, ...firstVisitRoutes, ...networkRoutes },
});
