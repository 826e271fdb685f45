import { CASE_FILE_EVENTS } from './case-file.events';
import { TRANSITION_EVENTS } from './transition.events';

export * from './case-file.events';
export * from './transition.events';

/** Case planning's public events, one file per concern of the case (seed 000's process steps). */
export const CASE_PLANNING_EVENTS = [...CASE_FILE_EVENTS, ...TRANSITION_EVENTS] as const;
