import type { Clock, IdGenerator, StreamOf, StreamOwner } from '@wijkteam/contracts';
import type { EventStore, EventToAppend } from '@wijkteam/event-store';
import { type AccessLogEntry, type AccessLogListing, accessLogStreamOf, type AccessRefusalEntry, CLIENT_FILE_ACCESS_REFUSED, CLIENT_FILE_ACCESSED } from './access-log-entry';
import { onBehalfOfInScope } from './access-request';

export type AccessToRecord = Omit<AccessLogEntry, 'accessedAt'> & { correlationId?: string };
/** onBehalfOf defaults to the `x-on-behalf-of` of the HTTP request being handled (AccessRequestScope). */
export type RefusalToRecord = Omit<AccessRefusalEntry, 'refusedAt' | 'onBehalfOf'> & { onBehalfOf?: string | null; correlationId?: string };

/**
 * At most this many appends of one list read in flight. The SQLite store group-commits the appends
 * made together, so a page of 100 families (a few hundred streams) costs one or two commits rather
 * than one per client; the bound keeps a very long list from holding thousands at once.
 */
const CONCURRENT_APPENDS = 256;

/**
 * The NEN 7513 access log of one service: one `ClientFileAccessed` event per read it served, and one
 * `ClientFileAccessRefused` per refused attempt, in its stream `<owner>.accessLog-<clientId>` (one
 * instance per service, AuditModule.forService). Append-only like every stream, with
 * expectedRevision 'any': concurrent reads of one file are no conflict, each is simply recorded. Not
 * a command through the runtime's CommandRunner: a read is a fact to record, not a decision on a
 * state, so there is no stream to load and nothing to decide.
 */
export class AccessLog {
  private readonly streams: StreamOf;

  constructor(
    readonly owner: StreamOwner,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.streams = accessLogStreamOf(owner);
  }

  async record(access: AccessToRecord): Promise<AccessLogEntry> {
    const [entry] = await this.recordMany([access]);
    return entry;
  }

  /**
   * Records the reads of one response (a list shows many clients): one event per client, each in
   * that client's own stream. The store appends to one stream at a time (libs/event-store), so the
   * appends run concurrently, bounded; all share one time and, unless given, one correlation id. It
   * resolves once every append succeeded and rejects, after all have settled, if any failed: the
   * caller then returns no data (fail closed).
   */
  async recordMany(accesses: readonly AccessToRecord[]): Promise<AccessLogEntry[]> {
    const accessedAt = this.clock.now().toISOString();
    const sharedCorrelationId = this.ids.next();
    const entries = accesses.map(({ correlationId, ...rest }) => ({ entry: { ...rest, accessedAt } as AccessLogEntry, correlationId: correlationId ?? sharedCorrelationId }));
    await this.appendAll(
      entries.map(({ entry, correlationId }) => ({
        stream: this.streams(entry.clientId),
        event: {
          id: this.ids.next(),
          type: CLIENT_FILE_ACCESSED,
          data: { ...entry },
          metadata: {
            occurredAt: entry.accessedAt,
            actor: { userId: entry.userId, role: entry.role, organisation: entry.organisation },
            ...(entry.onBehalfOf ? { onBehalfOf: entry.onBehalfOf } : {}),
            purpose: entry.purpose,
            correlationId,
            schemaVersion: 1,
          },
        },
      })),
    );
    return entries.map(({ entry }) => entry);
  }

  /** Records a refused attempt on the client's file (seed 004: another team's file), in the same stream as its reads. */
  async recordRefusal(refusal: RefusalToRecord): Promise<AccessRefusalEntry> {
    const { correlationId, onBehalfOf, ...rest } = refusal;
    const entry: AccessRefusalEntry = { ...rest, onBehalfOf: onBehalfOf === undefined ? onBehalfOfInScope() : onBehalfOf, refusedAt: this.clock.now().toISOString() };
    await this.store.appendToStream(
      this.streams(entry.clientId),
      [
        {
          id: this.ids.next(),
          type: CLIENT_FILE_ACCESS_REFUSED,
          data: { ...entry },
          metadata: {
            occurredAt: entry.refusedAt,
            actor: { userId: entry.userId, role: entry.role, organisation: entry.organisation },
            ...(entry.onBehalfOf ? { onBehalfOf: entry.onBehalfOf } : {}),
            correlationId: correlationId ?? this.ids.next(),
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    return entry;
  }

  /** "Who saw my file": every read of the client's file this service recorded, oldest first. */
  async listForClient(clientId: string): Promise<AccessLogEntry[]> {
    return (await this.historyForClient(clientId)).reads;
  }

  /** Every refused attempt on the client's file this service recorded, oldest first. */
  async listRefusalsForClient(clientId: string): Promise<AccessRefusalEntry[]> {
    return (await this.historyForClient(clientId)).refusals;
  }

  /** Reads and refused attempts together, in the stream's order (the order they were recorded in). */
  async listingForClient(clientId: string): Promise<AccessLogListing[]> {
    const listing: AccessLogListing[] = [];
    for await (const event of this.store.readStream(this.streams(clientId))) {
      if (event.type === CLIENT_FILE_ACCESSED) listing.push({ kind: 'accessed', service: this.owner, ...(event.data as unknown as AccessLogEntry) });
      else if (event.type === CLIENT_FILE_ACCESS_REFUSED) listing.push({ kind: 'refused', service: this.owner, ...refusalOf(event.data) });
    }
    return listing;
  }

  /** The reads and the refused attempts, in one pass over the client's stream. */
  async historyForClient(clientId: string): Promise<{ reads: AccessLogEntry[]; refusals: AccessRefusalEntry[] }> {
    const reads: AccessLogEntry[] = [];
    const refusals: AccessRefusalEntry[] = [];
    for await (const event of this.store.readStream(this.streams(clientId))) {
      if (event.type === CLIENT_FILE_ACCESSED) reads.push(event.data as unknown as AccessLogEntry);
      else if (event.type === CLIENT_FILE_ACCESS_REFUSED) refusals.push(refusalOf(event.data));
    }
    return { reads, refusals };
  }

  private async appendAll(appends: readonly { stream: string; event: EventToAppend }[]): Promise<void> {
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < appends.length) {
        const { stream, event } = appends[next++];
        try {
          await this.store.appendToStream(stream, [event], { expectedRevision: 'any' });
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_APPENDS, appends.length) }, worker));
    if (failures.length > 0) throw failures[0];
  }
}

// Refusals recorded before on-behalf-of was recorded for them read as null.
const refusalOf = (data: unknown): AccessRefusalEntry => ({ onBehalfOf: null, ...(data as Omit<AccessRefusalEntry, 'onBehalfOf'>) });
