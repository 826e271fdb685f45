import type { Clock, IdGenerator, StreamOf, StreamOwner } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { type AccessLogEntry, accessLogStreamOf, CLIENT_FILE_ACCESSED } from './access-log-entry';

export type AccessToRecord = Omit<AccessLogEntry, 'accessedAt'> & { correlationId?: string };

/**
 * The NEN 7513 access log of one service: one `ClientFileAccessed` event per read it served, in its
 * stream `<owner>.accessLog-<clientId>` (one instance per service, AuditModule.forService).
 * Append-only like every stream, with expectedRevision 'any': concurrent reads of one file are no
 * conflict, each is simply recorded. Not a command through the runtime's CommandRunner: a read is a
 * fact to record, not a decision on a state, so there is no stream to load and nothing to decide.
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
    const { correlationId, ...rest } = access;
    const entry: AccessLogEntry = { ...rest, accessedAt: this.clock.now().toISOString() };
    await this.store.appendToStream(
      this.streams(entry.clientId),
      [
        {
          id: this.ids.next(),
          type: CLIENT_FILE_ACCESSED,
          data: { ...entry },
          metadata: {
            occurredAt: entry.accessedAt,
            actor: { userId: entry.userId, role: entry.role, organisation: entry.organisation },
            ...(entry.onBehalfOf ? { onBehalfOf: entry.onBehalfOf } : {}),
            purpose: entry.purpose,
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
    const entries: AccessLogEntry[] = [];
    for await (const event of this.store.readStream(this.streams(clientId))) {
      if (event.type === CLIENT_FILE_ACCESSED) entries.push(event.data as unknown as AccessLogEntry);
    }
    return entries;
  }
}
