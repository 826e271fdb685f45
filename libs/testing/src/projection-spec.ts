import type { JsonObject, RecordedEvent } from '@wijkteam/event-store';
import { openProjectionDatabase, type Projection, projects } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';

/** An event as a test writes it: the stream it is in, its type and data. */
export interface GivenEvent {
  streamName: string;
  type: string;
  data: JsonObject;
}

/**
 * given/when/then for projections (Emmett's projection specifications are the model), on a fresh
 * in-memory database with the projection's own tables:
 *   await projectionSpec(consentIndex).given([granted]).when([withdrawn]).then(async (tx) => expect(...));
 * Events get revisions per stream and positions in order, as the store would give them; events the
 * projection does not handle are left out, as the runner would.
 */
export function projectionSpec(projection: Projection) {
  return {
    given(history: readonly GivenEvent[]) {
      return {
        when(events: readonly GivenEvent[]) {
          return {
            async then(assert: (tx: EntityManager) => Promise<void>): Promise<void> {
              const db = await openProjectionDatabase('sqlite::memory:', projection.tables);
              try {
                const [before, after] = recorded(history, events).map((batch) => batch.filter((event) => projects(projection, event)));
                if (before.length > 0) await db.transaction((tx) => projection.handle(before, tx));
                if (after.length > 0) await db.transaction((tx) => projection.handle(after, tx));
                await assert(db.manager);
              } finally {
                await db.destroy();
              }
            },
          };
        },
      };
    },
  };
}

function recorded(...batches: (readonly GivenEvent[])[]): RecordedEvent[][] {
  const revisions = new Map<string, bigint>();
  let position = 0n;
  return batches.map((batch) =>
    batch.map((event) => {
      const revision = (revisions.get(event.streamName) ?? -1n) + 1n;
      revisions.set(event.streamName, revision);
      position += 1n;
      const at = new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000);
      return {
        id: `0190a000-0000-7000-8000-${position.toString().padStart(12, '0')}`,
        streamName: event.streamName,
        type: event.type,
        data: event.data,
        revision,
        position,
        recordedAt: at,
        metadata: { occurredAt: at.toISOString(), actor: { userId: 'test', role: 'coach', organisation: 'test' }, correlationId: 'test', schemaVersion: 1 },
      };
    }),
  );
}
