import { v7 as uuidv7 } from 'uuid';
import type { EventToAppend } from '@wijkteam/event-store';

export const EVENT_TYPES = ['CaseOpened', 'VisitPlanned', 'PlanEvaluated', 'ConsentGranted'] as const;

/**
 * A realistic event: a small domain payload with one numeric field for the replay fold, and the full
 * envelope metadata every event carries (docs/architecture.md, "The event path"). About 420 bytes of JSON.
 */
export function makeEvent(n: number): EventToAppend {
  return {
    id: uuidv7(),
    type: EVENT_TYPES[n % EVENT_TYPES.length],
    data: { caseId: `case-${n % 5000}`, hours: n % 97, team: 'wijkteam-noord', note: 'Huisbezoek gepland met ouders en jeugdige.' },
    metadata: {
      occurredAt: '2026-11-23T10:00:00.000Z',
      actor: { userId: 'user-0193a5b2', role: 'coach', organisation: 'wijkteam-noord' },
      purpose: 'uitvoering-jeugdhulp',
      correlationId: '0193a5b2-7c1e-7000-8000-000000000001',
      causationId: '0193a5b2-7c1e-7000-8000-000000000002',
      schemaVersion: 1,
    },
  };
}

export function makeBatch(size: number, first: number): EventToAppend[] {
  return Array.from({ length: size }, (_, i) => makeEvent(first + i));
}

/** The replay fold: count per event type and the sum of a numeric field. */
export class Fold {
  readonly counts = new Map<string, number>();
  hours = 0;
  events = 0;

  add(type: string, data: { hours?: unknown }): void {
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    if (typeof data.hours === 'number') this.hours += data.hours;
    this.events += 1;
  }

  /** Same for the same events, whichever reader produced them: checks both replays agree. */
  checksum(): string {
    return `${this.events}:${this.hours}:${[...this.counts].sort().map(([type, count]) => `${type}=${count}`).join(',')}`;
  }
}
