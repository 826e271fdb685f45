import { EventPattern } from '@nestjs/microservices';
import type { AnyEventDefinition, PublicEvent } from '@wijkteam/contracts';
import type { ReceivedMessage } from '../events/public-message';
import { CONSUMED_EVENTS, CONSUMER_GROUP } from './consumed-events-key';
import { MessagingConfigError, messagingTransportId } from './messaging-server';


/**
 * An event handler of `service` for the given definitions (type and version) of ONE publishing
 * service. One definition subscribes its channel, `jeugd.<publisher>.<Type>`; several subscribe
 * `jeugd.<publisher>.*` as one ordered handler group (NATS 2.9: one filter subject per consumer),
 * and messages of other types there are acknowledged and skipped. The handler receives a
 * `PublicEvent` of those definitions: validated, and upcast from an older version, on both
 * transports. The consumer name follows from the pattern, e.g. `consent__case-planning_any`.
 * `service` binds the handler to that service's transport, which the platform needs (five services
 * in one Nest application); `null` registers it with every messaging transport of the application.
 */
export function ConsumeEvents(service: string | null, ...definitions: AnyEventDefinition[]): MethodDecorator {
  return consume(service, definitions, {});
}

/**
 * `@ConsumeEvents` for a handler that feeds a bus-fed read model: its consumer is named after the
 * read model's name and version too (`consent__case-planning_any__consent_retention_v1`), so a new
 * version is a new consumer, which receives the whole history again (JetStream: from the start of the
 * stream; in-process: from the start of the store) while the read model starts empty.
 */
export function ReadModelEvents(service: string, readModel: { name: string; version: number }, ...definitions: AnyEventDefinition[]): MethodDecorator {
  return consume(service, definitions, { [CONSUMER_GROUP]: `${readModel.name}_v${readModel.version}` });
}

function consume(service: string | null, definitions: AnyEventDefinition[], group: Record<string, string>): MethodDecorator {
  const [first] = definitions;
  if (!first) throw new MessagingConfigError(`${service}: @ConsumeEvents needs at least one event definition`);
  if (definitions.some((d) => d.service !== first.service))
    throw new MessagingConfigError(`${service}: one @ConsumeEvents handler takes events of one publishing service`);
  if (new Set(definitions.map((d) => d.type)).size !== definitions.length)
    throw new MessagingConfigError(`${service}: @ConsumeEvents asks for one version per event type`);
  const pattern = definitions.length === 1 ? first.channel : `jeugd.${first.service}.*`;
  const extras = { [CONSUMED_EVENTS]: definitions, ...group };
  return service === null ? EventPattern(pattern, extras) : EventPattern(pattern, messagingTransportId(service), extras);
}

/** The definitions a handler asked for, by event type. */
export type ConsumedDefinitions = ReadonlyMap<string, AnyEventDefinition>;

/**
 * The event a handler gets, or undefined for a type it did not ask for (acknowledged, skipped).
 * Throws (EventDataInvalid, EventVersionNotSupported) when the data does not decode as asked.
 */
export function decodeFor(definitions: ConsumedDefinitions, { envelope, data }: ReceivedMessage): PublicEvent | undefined {
  const definition = definitions.get(envelope.type);
  if (!definition || definition.service !== envelope.service) return undefined;
  // Field by field (no rest/spread): this runs for every message.
  const event = {
    id: envelope.id,
    type: definition.type,
    version: definition.version,
    source: definition.service,
    time: envelope.time,
    subject: envelope.subject,
    data: definition.decode(envelope.version, data),
    correlationId: envelope.correlationId,
    actor: envelope.actor,
  } as PublicEvent;
  if (envelope.causationId !== undefined) event.causationId = envelope.causationId;
  return event;
}
