import type { Decider, DomainEvent, StreamName } from '@wijkteam/contracts';
import type { Actor, EventStore, JsonObject, JsonValue, RecordedEvent } from '@wijkteam/event-store';
import { isSealed, sealedMarker, withValueAt } from '@wijkteam/privacy';

/** What folds one stream: the evolve and initial state of the decider that writes it. */
type Folding = Pick<Decider<unknown, DomainEvent, unknown>, 'evolve' | 'initialState'>;

/** One stream of a case and the decider of its owner that folds it. */
export interface CaseStream {
  stream: StreamName;
  decider: Folding;
}

/** `caseStream(caseFileStream(id), caseFileDecider)`: typed at the call site, folded generically here. */
export function caseStream<Event extends DomainEvent, State>(stream: StreamName, decider: Pick<Decider<never, Event, State>, 'evolve' | 'initialState'>): CaseStream {
  return { stream, decider: decider as unknown as Folding };
}

/**
 * One event that led to the state, as the auditor sees it: where it stands (global position,
 * stream and revision), what it is (type and schema version), when it was recorded and who caused it.
 * Its non-personal facts are in `data`; each sealed personal field is the marker `{ "$pii": true }`
 * there and its path is listed in `sealed`: the auditor checks decisions, not contents.
 */
export interface CaseHistoryEvent {
  eventId: string;
  position: string;
  stream: string;
  revision: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  occurredAt: string;
  actor: Actor;
  onBehalfOf: string | null;
  purpose: string | null;
  correlationId: string;
  causationId: string | null;
  data: JsonObject;
  sealed: string[];
}

/** One stream at the moment: its decider's state, the revision it was folded to (null: nothing yet) and the state's sealed paths. */
export interface CaseStreamAt {
  stream: string;
  revision: string | null;
  state: unknown;
  sealed: string[];
}

/** A case's streams as they were at `asOf`, and the events that led there in the store's order. */
export interface CaseHistory {
  asOf: string;
  streams: CaseStreamAt[];
  events: CaseHistoryEvent[];
}

/**
 * The case's part in one store at the moment `asOf`: each stream read from its start and folded by
 * its decider up to the last event recorded at or before `asOf` (the store's commit time, not the
 * domain's `occurredAt`, which a caller chooses). A stream is read in revision order and stops at
 * its first later event, so a state is always a prefix of what was decided. Reads the store at rest
 * (no codec): personal fields stay sealed, so the decider folds them as markers and never sees a
 * name. Memory is one case's events; the store's other histories are not touched.
 */
export async function caseHistoryAt(store: EventStore, streams: readonly CaseStream[], asOf: Date): Promise<CaseHistory> {
  const until = asOf.getTime();
  const parts: CaseStreamAt[] = [];
  const events: { position: bigint; event: CaseHistoryEvent }[] = [];
  for (const { stream, decider } of streams) {
    let state = decider.initialState();
    let revision: bigint | null = null;
    for await (const recorded of store.readStream(stream)) {
      if (recorded.recordedAt.getTime() > until) break;
      const sealed = sealedPathsOf(recorded);
      const data = sealed.reduce<JsonObject>((marked, path) => withValueAt(marked, path, sealedMarker()), recorded.data);
      state = decider.evolve(state, { type: recorded.type, data });
      revision = recorded.revision;
      events.push({ position: recorded.position, event: historyEventOf(recorded, data, sealed) });
    }
    parts.push({ stream, revision: revision === null ? null : revision.toString(), state, sealed: markedPathsOf(state) });
  }
  events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return { asOf: asOf.toISOString(), streams: parts, events: events.map(({ event }) => event) };
}

/** The personal paths the codec sealed (`metadata.pii.paths`); none for an event without personal data. */
function sealedPathsOf(recorded: RecordedEvent): string[] {
  const paths = (recorded.metadata.pii as { paths?: unknown } | undefined)?.paths;
  return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string') : [];
}

function historyEventOf(recorded: RecordedEvent, data: JsonObject, sealed: string[]): CaseHistoryEvent {
  const { metadata } = recorded;
  const { userId, role, organisation } = metadata.actor;
  return {
    eventId: recorded.id,
    position: recorded.position.toString(),
    stream: recorded.streamName,
    revision: recorded.revision.toString(),
    type: recorded.type,
    schemaVersion: metadata.schemaVersion,
    recordedAt: recorded.recordedAt.toISOString(),
    occurredAt: metadata.occurredAt,
    actor: { userId, role, organisation },
    onBehalfOf: metadata.onBehalfOf ?? null,
    purpose: metadata.purpose ?? null,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    data,
    sealed,
  };
}

/** Where a folded state holds a sealed marker (`client`, `children.0.person`): what the state says was recorded but not shown. */
function markedPathsOf(value: unknown, prefix = ''): string[] {
  if (isSealed(value)) return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string, JsonValue][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => markedPathsOf(item, prefix ? `${prefix}.${key}` : key));
}
