import type { RecordedEvent } from '@wijkteam/event-store';
import { eventSubject } from './subjects';

/** Which events of the store a service publishes: a set of event types, or a predicate. */
export type EventSelector = ReadonlySet<string> | readonly string[] | ((event: RecordedEvent) => boolean);

/**
 * Public events per service, e.g. `{ consent: new Set(['ConsentGranted', ...]), ... }`. The relay of a
 * service publishes `catalogue[service]`; the in-process transport uses the whole catalogue to give
 * each event the subject the relay would have given it. Events no entry selects stay private.
 */
export type PublicEventCatalogue = Readonly<Record<string, EventSelector>>;

export function selects(selector: EventSelector, event: RecordedEvent): boolean {
  if (typeof selector === 'function') return selector(event);
  if (isSet(selector)) return selector.has(event.type);
  return selector.includes(event.type);
}

/** The subject the publishing service's relay gives this event, or undefined for a private event. */
export function subjectOf(catalogue: PublicEventCatalogue, event: RecordedEvent): string | undefined {
  for (const [service, selector] of Object.entries(catalogue)) {
    if (selects(selector, event)) return eventSubject(service, event.type);
  }
  return undefined;
}

function isSet(selector: EventSelector): selector is ReadonlySet<string> {
  return selector instanceof Set;
}
