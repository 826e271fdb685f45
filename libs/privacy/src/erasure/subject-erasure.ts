import { fold, type StreamOf, type StreamOwner } from '@wijkteam/contracts';
import type { EventStore, RecordedEvent } from '@wijkteam/event-store';
import type { KeyRing } from '../keys/key-ring';
import { type ErasedBy, type ErasureEvent, erasureDecider, erasureStreamOf, type LegalBasis } from './erasure.decider';

export interface EraseSubject {
  subjectId: string;
  legalBasis: LegalBasis;
  requestId: string | null;
  decidedBy: ErasedBy;
  /** The event id (UUIDv7): a retry with the same id after a failure is idempotent. */
  eventId: string;
  correlationId: string;
  /** The event this erasure follows (another service's erasure of the same client), if any. */
  causationId?: string;
  at: Date;
}

/**
 * Erases a subject from one service's keys: decide (refuses a second erasure by this service),
 * destroy the key, then append the record to the service's own erasure stream. One instance per
 * service (PrivacyModule.forService), so in a shared store each service folds only its own record.
 * The key goes first: should the append fail, the caller retries the same command, the destruction
 * (idempotent) changes nothing and the record is written; the opposite order could leave a record
 * claiming an erasure that never happened.
 * Not through the runtime's CommandRunner (the one command path of the services): this library sits
 * below libs/runtime, and the key's destruction has to sit between the decision and the record.
 */
export class SubjectErasure {
  private readonly streams: StreamOf;

  constructor(
    readonly owner: StreamOwner,
    private readonly store: EventStore,
    private readonly keys: KeyRing,
  ) {
    this.streams = erasureStreamOf(owner);
  }

  async erase(command: EraseSubject): Promise<ErasureEvent> {
    const stream = this.streams(command.subjectId);
    const history: ErasureEvent[] = [];
    let revision: bigint | undefined;
    for await (const event of this.store.readStream(stream)) {
      history.push(toErasureEvent(event));
      revision = event.revision;
    }
    const [decided] = erasureDecider.decide(
      {
        type: 'DestroySubjectKey',
        data: {
          subjectId: command.subjectId,
          legalBasis: command.legalBasis,
          requestId: command.requestId,
          decidedBy: command.decidedBy,
          destroyedAt: command.at.toISOString(),
        },
      },
      fold(erasureDecider, history),
    );
    await this.keys.destroySubject(command.subjectId.toLowerCase(), command.at);
    await this.store.appendToStream(
      stream,
      [
        {
          id: command.eventId,
          type: decided.type,
          data: { ...decided.data, decidedBy: { ...decided.data.decidedBy } },
          metadata: {
            occurredAt: command.at.toISOString(),
            actor: command.decidedBy,
            purpose: 'erasure',
            correlationId: command.correlationId,
            ...(command.causationId ? { causationId: command.causationId } : {}),
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: revision ?? 'no_stream' },
    );
    return decided;
  }

  /** This service's erasure record of a subject, if any: who, when, on what legal basis. */
  async erasureOf(subjectId: string): Promise<ErasureEvent | undefined> {
    for await (const event of this.store.readStream(this.streams(subjectId))) {
      if (event.type === 'SubjectKeyDestroyed') return toErasureEvent(event);
    }
    return undefined;
  }
}

function toErasureEvent(event: RecordedEvent): ErasureEvent {
  return { type: event.type, data: event.data } as unknown as ErasureEvent;
}
