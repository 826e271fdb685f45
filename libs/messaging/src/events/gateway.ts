import { type AnyEventDefinition, type EventData, EventDataInvalid, invalidAttribute, ownerOf, type PublicEvent, type ServiceName } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';

/**
 * What a translation returns: exactly the definition's fields (checked by the compiler), their values
 * taken from the untyped stored event (checked against the schema before anything is published).
 */
export type Translated<Definition extends AnyEventDefinition> = { [Field in keyof EventData<Definition>]: unknown };

/** One public event a private event becomes: its definition and the function that builds its data. */
export interface GatewayRoute<Definition extends AnyEventDefinition = AnyEventDefinition> {
  definition: Definition;
  translate: (event: RecordedEvent) => Translated<Definition>;
}

/** Pairs a definition with its translation. */
export function toPublic<Definition extends AnyEventDefinition>(definition: Definition, translate: (event: RecordedEvent) => Translated<Definition>): GatewayRoute<Definition> {
  return { definition, translate };
}

export interface GatewayOptions {
  /** Private event type → the public event it becomes. A type not listed never leaves the service. */
  routes: Readonly<Record<string, GatewayRoute>>;
}

/**
 * The gateway of a service (Eventuous's Gateway is the model): the explicit translation of its
 * private, stored events into public ones. Only what a route builds leaves the service: no stream
 * name, revision, position, sealed field or other metadata, only the definition's data and the
 * CloudEvents attributes. The data is validated against the definition before it is published.
 */
export interface Gateway {
  readonly service: ServiceName;
  /** The route of a stored event (by its type and stream alone), or undefined when it stays private. */
  routeOf(event: Pick<RecordedEvent, 'type' | 'streamName'>): GatewayRoute | undefined;
  /** Translates and validates; throws GatewayRefused when the result breaks its schema. */
  publish(event: RecordedEvent, route?: GatewayRoute): PublicEvent | undefined;
  readonly definitions: readonly AnyEventDefinition[];
}

/** What a dead letter says about an event the gateway refused: ids and codes, never the payload. */
export interface GatewayRefusal {
  eventId: string;
  type: string;
  schemaVersion: number;
  field: string;
  issue: string;
}

export class GatewayRefused extends Error {
  readonly code = 'gateway_refused';
  constructor(readonly refusal: GatewayRefusal) {
    super(`${refusal.type} v${refusal.schemaVersion} of event ${refusal.eventId} breaks its schema at ${refusal.field || '(data)'} (${refusal.issue})`);
    this.name = 'GatewayRefused';
  }
}

export function defineGateway(service: ServiceName, options: GatewayOptions): Gateway {
  const routes = new Map(Object.entries(options.routes));
  for (const [type, route] of routes) {
    if (route.definition.service !== service) throw new Error(`${service} gateway: ${type} maps to ${route.definition.service}'s ${route.definition.name}`);
  }
  const routeOf = (event: Pick<RecordedEvent, 'type' | 'streamName'>): GatewayRoute | undefined => {
    const route = routes.get(event.type);
    // Only what the service wrote itself: on a shared store another service's erasure record must not
    // leave as this service's event.
    return route && ownerOf(event.streamName) === service ? route : undefined;
  };
  return {
    service,
    definitions: [...new Set([...routes.values()].map((route) => route.definition))],
    routeOf,
    publish(event: RecordedEvent, known?: GatewayRoute): PublicEvent | undefined {
      const route = known ?? routeOf(event);
      if (!route) return undefined;
      const { definition } = route;
      let published: PublicEvent;
      try {
        const data = definition.parse(route.translate(event));
        const metadata = event.metadata;
        published = {
          id: event.id,
          type: definition.type,
          version: definition.version,
          source: service,
          time: new Date(metadata.occurredAt).toISOString(),
          subject: definition.subject(data),
          data,
          correlationId: metadata.correlationId,
          ...(metadata.causationId ? { causationId: metadata.causationId } : {}),
          actor: { userId: metadata.actor.userId, role: metadata.actor.role, organisation: metadata.actor.organisation },
        } as PublicEvent;
      } catch (error) {
        const invalid = error instanceof EventDataInvalid ? error : undefined;
        throw new GatewayRefused({
          eventId: event.id,
          type: definition.type,
          schemaVersion: definition.version,
          field: invalid?.field ?? '',
          issue: invalid?.issue ?? 'translation_failed',
        });
      }
      // The envelope too: an actor id that is an e-mail address, say, must not reach the bus either.
      const header = invalidAttribute(published);
      if (header) throw new GatewayRefused({ eventId: event.id, type: definition.type, schemaVersion: definition.version, field: header, issue: 'invalid_attribute' });
      return published;
    },
  };
}

/** A date or instant as a public event states it: UTC, `toISOString()` form. */
export function utc(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** An id in canonical (lower-case) form; anything else passes unchanged, for the schema to refuse. */
export function canonical<T>(value: T): T {
  return (typeof value === 'string' ? value.toLowerCase() : value) as T;
}

