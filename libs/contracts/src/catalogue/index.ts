import type { AnyEventDefinition, ServiceName } from '../events/define-event';
import { CASE_PLANNING_EVENTS } from './case-planning';
import { CONSENT_EVENTS } from './consent.events';
import { INTAKE_EVENTS } from './intake.events';
import { SAFETY_EVENTS } from './safety.events';
import { COACH_SAFETY_EVENTS } from './safety/coach-safety.events';
import { ESCALATION_EVENTS } from './safety/escalation.events';
import { RISK_SIGNAL_EVENTS } from './safety/risk-signal.events';
import { MELDCODE_EVENTS } from './safety/meldcode.events';

export * from './intake.events';
export * from './case-planning';
export * from './safety.events';
export * from './safety/escalation.events';
export * from './safety/risk-signal.events';
export * from './safety/coach-safety.events';
export * from './safety/meldcode.events';
export * from './consent.events';

/**
 * The public event catalogue: every definition of every version, per publishing service. Published
 * on `jeugd.<service>.<Type>`; everything else a service stores stays private to it. Reporting
 * publishes nothing (yet).
 */
export const EVENT_CATALOGUE: Readonly<Record<ServiceName, readonly AnyEventDefinition[]>> = {
  intake: INTAKE_EVENTS,
  'case-planning': CASE_PLANNING_EVENTS,
  safety: [...SAFETY_EVENTS, ...MELDCODE_EVENTS, ...ESCALATION_EVENTS, ...RISK_SIGNAL_EVENTS, ...COACH_SAFETY_EVENTS],
  consent: CONSENT_EVENTS,
  reporting: [],
};

const SERVICES = Object.keys(EVENT_CATALOGUE) as ServiceName[];

/** Every definition, in catalogue order. */
export function allEventDefinitions(): AnyEventDefinition[] {
  return SERVICES.flatMap((service) => [...EVENT_CATALOGUE[service]]);
}
