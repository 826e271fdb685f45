import { defineGateway } from '@wijkteam/messaging';
import { assessmentRoutes } from './gateway/assessment.routes';

/** What leaves safety: one translation per public event, one file of routes per concern (gateway/); never a text. */
export const safetyGateway = defineGateway('safety', {
  routes: { ...assessmentRoutes },
});
