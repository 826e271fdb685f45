import { CASE_FILE_EVENTS } from './case-file.events';
import { EVALUATION_EVENTS } from './evaluation.events';
import { FIRST_VISIT_EVENTS } from './first-visit.events';
import { NETWORK_EVENTS } from './network.events';
import { PLAN_EVENTS } from './plan.events';
import { SPECIALIST_CARE_EVENTS } from './specialist-care.events';
import { TRANSITION_EVENTS } from './transition.events';

export * from './case-file.events';
export * from './evaluation.events';
export * from './first-visit.events';
export * from './network.events';
export * from './plan.events';
export * from './specialist-care.events';
export * from './transition.events';

/** Case planning's public events, one file per concern of the case (seed 000's process steps). */
export const CASE_PLANNING_EVENTS = [...CASE_FILE_EVENTS, ...FIRST_VISIT_EVENTS, ...NETWORK_EVENTS, ...PLAN_EVENTS, ...EVALUATION_EVENTS, ...SPECIALIST_CARE_EVENTS, ...TRANSITION_EVENTS] as const;
