import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { fold } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@wijkteam/event-store';
import { BoundedCache, ProjectionCatchingUp, ProjectionHost, type ProjectionRunner } from '@wijkteam/projections';
import { LessThanOrEqual } from 'typeorm';
import { consentDecider, type ConsentEvent, type ConsentState, consentStream } from '../domain/consent';
import type { ConsentRecord } from '../domain/consent.types';
import { ConsentIndexConsents, consentIndexProjection } from '../projections/consent-index.projection';

const decider = consentDecider();

/** Clients whose consents are kept in memory; the rest is one primary-key read away. */
export const CONSENT_CACHE_SIZE = 5_000;

/** A cached fold, or only the revision this process knows the stream has reached (written, not yet read). */
type Entry = { state: ConsentState; revision: bigint } | { state?: undefined; floor: bigint };

/**
 * Every client's consents for the disclosure decision: a bounded cache over the `consent_index` read
 * model (apps/consent/src/projections), so memory does not grow with the history and start-up reads
 * nothing but a checkpoint.
 *
 * - A miss reads the client's row; when this process appended further than the row has got
 *   (write-through floor), it folds the client's stream instead: a decision never sees less than
 *   this process wrote.
 * - Write-through: the command handler applies its appended events at once, so a withdrawal is seen
 *   by the very next decision in this process.
 * - The projection runner reports every batch it commits (other replicas' writes too); cached
 *   entries follow it, and a gap drops the entry (reread at the next lookup).
 * - While the read model catches up (a first start, a rebuild) every lookup answers
 *   `ProjectionCatchingUp` (503 with Retry-After): no decision on a stale index.
 */
@Injectable()
export class ConsentIndex implements OnModuleInit {
  private readonly cache = new BoundedCache<string, Entry>(CONSENT_CACHE_SIZE);
  /** consentId → clientId for consents written here and not yet in the rows. */
  private readonly recentConsents = new BoundedCache<string, string>(CONSENT_CACHE_SIZE);
  private runner!: ProjectionRunner;

  constructor(
    private readonly projections: ProjectionHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.runner = this.projections.runner(consentIndexProjection.name);
    this.runner.onApplied((events) => this.follow(events));
  }

  /** The client's consents (every status); empty when the client has none. */
  async consentsOf(clientId: string): Promise<readonly ConsentRecord[]> {
    return this.consentsOfNow(clientId) ?? Object.values((await this.load(clientId)).consents);
  }

  /** Synchronous lookup for the hot path: the cached consents, or undefined when not cached (use consentsOf). */
  consentsOfNow(clientId: string): readonly ConsentRecord[] | undefined {
    this.assertLive();
    const entry = this.cache.get(clientId);
    return entry?.state ? Object.values(entry.state.consents) : undefined;
  }

  async clientOf(consentId: string): Promise<string | undefined> {
    this.assertLive();
    const recent = this.recentConsents.get(consentId);
    if (recent) return recent;
    const [row] = await this.select<{ client_id: string }>('SELECT client_id FROM consent_index_consents WHERE consent_id = :id', consentId);
    return row?.client_id;
  }

  /** Active consents whose period ended at `now`: what the expiry scheduler sends ExpireConsent for. */
  async dueForExpiry(now: string): Promise<{ clientId: string; consentId: string }[]> {
    this.assertLive();
    const rows = await this.projections.db.manager.find(ConsentIndexConsents, { where: { status: 'active', until: LessThanOrEqual(now) }, order: { until: 'ASC' } });
    return rows.filter((row) => row.until !== null && Date.parse(row.until) <= Date.parse(now)).map(({ clientId, consentId }) => ({ clientId, consentId }));
  }

  /** Applies events appended to `consent-<clientId>` ending at `lastRevision` (write-through). */
  applyAppended(clientId: string, events: readonly ConsentEvent[], lastRevision: bigint): void {
    for (const event of events) this.recentConsents.set(event.data.consentId, clientId);
    const first = lastRevision - BigInt(events.length) + 1n;
    const entry = this.cache.get(clientId);
    if (entry?.state && entry.revision === first - 1n) {
      this.cache.set(clientId, { state: events.reduce(decider.evolve, entry.state), revision: lastRevision });
      return;
    }
    if (entry?.state && entry.revision >= lastRevision) return;
    this.cache.set(clientId, { floor: lastRevision });
  }

  private assertLive(): void {
    if (this.runner.status !== 'live') throw new ProjectionCatchingUp(consentIndexProjection.name);
  }

  private async load(clientId: string): Promise<ConsentState> {
    const known = this.cache.get(clientId);
    const floor = known && !known.state ? known.floor : -1n;
    const [row] = await this.select<{ revision: string; state: string }>('SELECT revision, state FROM consent_index_clients WHERE client_id = :id', clientId);
    const stored = row ? { state: JSON.parse(row.state) as ConsentState, revision: BigInt(row.revision) } : undefined;
    const entry = stored && stored.revision >= floor ? stored : await this.fromStream(clientId);
    this.cache.set(clientId, entry);
    return entry.state;
  }

  /**
   * One primary-key read in plain SQL: the hot path of every decision that misses the cache, where
   * an entity query's machinery would cost more memory and time than the read itself.
   */
  private select<Row>(sql: string, id: string): Promise<Row[]> {
    const [query, parameters] = this.projections.db.driver.escapeQueryWithParameters(sql, { id });
    return this.projections.db.manager.query(query, parameters) as Promise<Row[]>;
  }

  /** The fold of the client's stream itself, for when the rows are behind what this process wrote. */
  private async fromStream(clientId: string): Promise<{ state: ConsentState; revision: bigint }> {
    const events: ConsentEvent[] = [];
    let revision = -1n;
    for await (const recorded of this.store.readStream(consentStream(clientId))) {
      events.push({ type: recorded.type, data: recorded.data } as unknown as ConsentEvent);
      revision = recorded.revision;
    }
    return { state: fold(decider, events), revision };
  }

  private follow(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const clientId = consentStream.idOf(event.streamName);
      if (!clientId) continue;
      const entry = this.cache.get(clientId);
      if (!entry) continue;
      if (!entry.state) {
        if (event.revision >= entry.floor) this.cache.delete(clientId);
        continue;
      }
      if (event.revision <= entry.revision) continue;
      if (event.revision === entry.revision + 1n) this.cache.set(clientId, { state: decider.evolve(entry.state, { type: event.type, data: event.data } as unknown as ConsentEvent), revision: event.revision });
      else this.cache.delete(clientId);
    }
  }
}
