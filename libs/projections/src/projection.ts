import type { RecordedEvent } from '@wijkteam/event-store';
import type { EntityManager, EntitySchema } from 'typeorm';

/**
 * A read model kept from the owning service's own store: the one projection model of the system.
 *
 * - `name` is the projection's identity and the prefix of its tables (`consent_index_…`); it names
 *   its checkpoint row, its metrics and `npm run projections:rebuild -- <name>`.
 * - `version` changes when the rows change meaning: a projection whose stored version differs is
 *   emptied and rebuilt from the history, in the background, at the next start.
 * - `streamPrefixes` and `eventTypes` select what it reads (the owner's own streams, see `streamOf`).
 * - `tables` are its TypeORM entity schemas; nothing else writes them.
 * - `handle` writes the rows for a batch of events inside the transaction that also moves the
 *   checkpoint past them, so a batch is applied exactly once, whatever crashes in between.
 *
 * Events arrive as they are stored: personal fields sealed. A read model that must show a name
 * keeps the sealed value and opens it when answering, so crypto-shredding reaches it too.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly streamPrefixes: readonly string[];
  readonly eventTypes: readonly string[];
  readonly tables: readonly EntitySchema[];
  handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{2,62}$/;

export class InvalidProjection extends Error {
  readonly code = 'invalid_projection';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProjection';
  }
}

/** Checks the definition once, where it is written, rather than at the first event. */
export function defineProjection<P extends Projection>(projection: P): P {
  checkIdentity(projection);
  if (projection.eventTypes.length === 0) throw new InvalidProjection(`${projection.name}: handles no event type`);
  return projection;
}

/**
 * A read model fed by other services' public events (`@ReadModelEvents` handlers) rather than by its
 * own store: same name, version and own tables; each event is applied with `ProjectionHost.applyOnce`,
 * which records its id in the same transaction. A new version empties the tables and, because the
 * handlers' consumer is named after name and version, the bus delivers the whole history again.
 */
export interface BusProjection {
  readonly name: string;
  readonly version: number;
  readonly tables: readonly EntitySchema[];
}

export function defineBusProjection<P extends BusProjection>(projection: P): P {
  checkIdentity(projection);
  return projection;
}

function checkIdentity(projection: BusProjection): void {
  if (!NAME.test(projection.name)) throw new InvalidProjection(`projection name ${projection.name} must be snake_case (it prefixes table names)`);
  if (!Number.isInteger(projection.version) || projection.version < 1) throw new InvalidProjection(`${projection.name}: version must be a positive integer`);
  for (const table of projection.tables) {
    const tableName = table.options.tableName ?? table.options.name;
    if (!tableName.startsWith(`${projection.name}_`)) throw new InvalidProjection(`${projection.name}: table ${tableName} must start with ${projection.name}_`);
  }
}

/** True when the projection reads this event. */
export function projects(projection: Projection, event: Pick<RecordedEvent, 'streamName' | 'type'>): boolean {
  return projection.eventTypes.includes(event.type) && (projection.streamPrefixes.length === 0 || projection.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix)));
}

/**
 * The order of public events in time without the store's revision (they carry none): an event id
 * is a UUIDv7, whose first 60 bits are the millisecond and a counter within it, so a bus-fed read
 * model can refuse to let a redelivered older event roll a row back.
 */
export function eventOrder(eventId: string): bigint {
  return BigInt(`0x${eventId.replace(/-/g, '').slice(0, 15)}`);
}
