import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { Clock, IdGenerator } from '@wijkteam/contracts';
import { type AccessLogEntry, accessLogStream, CLIENT_FILE_ACCESSED } from './access-log-entry';

export type AccessToRecord = Omit<AccessLogEntry, 'accessedAt'> & { correlationId?: string };

/**
 * The NEN 7513 access log: one `ClientFileAccessed` event per read, in stream
 * `accessLog-<clientId>`. Append-only like every stream, with expectedRevision 'any': concurrent
 * reads of one file are no conflict, each is simply recorded.
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async record(access: AccessToRecord): Promise<AccessLogEntry> {
    const { correlationId, ...rest } = access;
    const entry: AccessLogEntry = { ...rest, accessedAt: this.clock.now().toISOString() };
    await this.store.appendToStream(
      accessLogStream(entry.clientId),
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

  /** "Who saw my file": every recorded read of the client's file, oldest first. */
  async listForClient(clientId: string): Promise<AccessLogEntry[]> {
    const entries: AccessLogEntry[] = [];
    for await (const event of this.store.readStream(accessLogStream(clientId))) {
      if (event.type === CLIENT_FILE_ACCESSED) entries.push(event.data as unknown as AccessLogEntry);
    }
    return entries;
  }
}
