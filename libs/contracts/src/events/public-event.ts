import type { AnyEventDefinition, EventData } from './define-event';

/** Who did it: an opaque user id, a role code and an organisation code (CloudEvents extensions). */
export interface PublicActor {
  userId: string;
  role: string;
  organisation: string;
}

/**
 * A public event as a consumer receives it and a gateway produces it, on both transports: the
 * CloudEvents attributes as fields and the validated (upcast) data of the definition's version.
 * For several definitions it is the union, discriminated by `type`.
 */
export type PublicEvent<Definition extends AnyEventDefinition = AnyEventDefinition> = Definition extends AnyEventDefinition
  ? {
      /** The event id (UUIDv7), CloudEvents `id` and `Nats-Msg-Id`. */
      id: string;
      type: Definition['type'];
      /** The version the consumer reads (the message may have been an older one, upcast). */
      version: Definition['version'];
      /** The publishing service. */
      source: Definition['service'];
      /** When it happened (CloudEvents `time`). */
      time: string;
      /** The opaque id the event is about (CloudEvents `subject`). */
      subject: string;
      data: EventData<Definition>;
      correlationId: string;
      causationId?: string;
      actor: PublicActor;
    }
  : never;
