import { CASE_FILE_EVENTS } from './case-file.events';
import { FIRST_VISIT_EVENTS } from './first-visit.events';
import { NETWORK_EVENTS } from './network.events';

export * from './case-file.events';
export * from './first-visit.events';
export * from './network.events';

/** Case planning's public events, one file per concern of the case (seed 000's process steps). */
export const CASE_PLANNING_EVENTS = [...CASE_FILE_EVENTS, ...FIRST_VISIT_EVENTS, ...NETWORK_EVENTS] as const;
