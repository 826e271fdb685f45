import { SAFETY_ASSESSMENT_EVENTS } from './safety/assessment.events';

export * from './safety/assessment.events';

/** Safety's public events, one file per concern in safety/. */
export const SAFETY_EVENTS = [...SAFETY_ASSESSMENT_EVENTS] as const;
