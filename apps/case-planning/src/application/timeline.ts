import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@wijkteam/event-store';
import type { Page, Paging } from '@wijkteam/runtime';
import { caseFileStream } from '../domain/case-file';
import { evaluationStream } from '../domain/evaluation';
import { firstVisitStream } from '../domain/first-visit';
import { networkStream } from '../domain/network';
import { planStream } from '../domain/plan';
import { specialistCareStream } from '../domain/specialist-care';
import { transitionStream } from '../domain/transition';

/** One decision on the file as the timeline shows it: who, when, on whose behalf, why — codes only, never a text. */
export interface TimelineEntry {
  eventId: string;
  type: string;
  /** The part of the file: caseFile, plan, evaluation, specialistCare, transition, … */
  part: string;
  occurredAt: string;
  actor: { userId: string; role: string; organisation: string };
  onBehalfOf: string | null;
  /** The reason codes the decision carries (reason, outcome, decision, …); sealed texts are never here. */
  why: Record<string, string>;
}

/** The fields of a case-planning event that say why, all codes from the contract's lists. */
const WHY_FIELDS = ['reason', 'relevance', 'denialReason', 'outcome', 'conclusion', 'decision', 'continuation', 'careType', 'directorKind', 'toDirectorKind', 'referredTo', 'stage', 'location'] as const;

/** Every stream of one case file, one per concern (seed 000's process steps). */
export const CASE_FILE_PARTS = [caseFileStream, firstVisitStream, networkStream, planStream, evaluationStream, specialistCareStream, transitionStream];

/**
 * The case file's history as one timeline, newest first (seed 002: the inspection asks who decided
 * what, when and why): every stream of the file read from the store, merged in the store's order.
 */
@Injectable()
export class Timeline {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(caseFileId: string, { page, pageSize }: Paging): Promise<Page<TimelineEntry>> {
    const events: RecordedEvent[] = [];
    for (const stream of CASE_FILE_PARTS) for await (const event of this.store.readStream(stream(caseFileId))) events.push(event);
    events.sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
    const items = events.slice((page - 1) * pageSize, page * pageSize).map(entryOf);
    return { items, page, pageSize, total: events.length };
  }
}

function entryOf(event: RecordedEvent): TimelineEntry {
  const data = event.data as Record<string, unknown>;
  const why: Record<string, string> = {};
  for (const field of WHY_FIELDS) if (typeof data[field] === 'string') why[field] = data[field] as string;
  const { userId, role, organisation } = event.metadata.actor;
  return {
    eventId: event.id,
    type: event.type,
    part: event.streamName.slice(event.streamName.indexOf('.') + 1, event.streamName.indexOf('-')),
    occurredAt: event.metadata.occurredAt,
    actor: { userId, role, organisation },
    onBehalfOf: event.metadata.onBehalfOf ?? null,
    why,
  };
}
