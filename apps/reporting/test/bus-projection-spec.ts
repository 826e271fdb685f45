import type { PublicEvent } from '@wijkteam/contracts';
import { createEventStore } from '@wijkteam/event-store';
import { type BusProjection, ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** A public event as a test writes it: its type and data; the id, in time order, follows from its place. */
export interface Delivered {
  type: string;
  data: Record<string, unknown>;
  /** The id of an earlier delivery, to deliver that event again. */
  id?: string;
}

/** UUIDv7-shaped ids whose time part grows with n, as the publishers' ids do. */
export function eventId(n: number): string {
  return `0190a000-${n.toString(16).padStart(4, '0')}-7000-8000-${n.toString().padStart(12, '0')}`;
}

/**
 * given/when/then for a bus-fed read model: each event is applied as its feed applies it
 * (`ProjectionHost.applyOnce` with the feed's effect), on a fresh in-memory database.
 */
export function busProjectionSpec(projection: BusProjection, apply: (tx: EntityManager, event: PublicEvent) => Promise<void>) {
  return {
    given(history: readonly Delivered[]) {
      return {
        when(events: readonly Delivered[]) {
          return {
            async then(assert: (db: EntityManager) => Promise<void>): Promise<void> {
              const store = createEventStore('sqlite::memory:');
              const host = await ProjectionHost.open({ service: 'reporting', url: 'sqlite::memory:', store, projections: [projection], logger: silent });
              await host.start();
              try {
                let n = 0;
                for (const delivered of [...history, ...events]) {
                  const id = delivered.id ?? eventId(++n);
                  const event = { id, type: delivered.type, data: delivered.data } as unknown as PublicEvent;
                  await host.applyOnce(projection.name, id, (tx) => apply(tx, event));
                }
                await assert(host.db.manager);
              } finally {
                await host.stop();
                await store.close();
              }
            },
          };
        },
      };
    },
  };
}
