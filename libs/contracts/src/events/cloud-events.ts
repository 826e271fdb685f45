import { z } from 'zod/v4';
import type { AnyEventDefinition, ServiceName } from './define-event';
import { DateTime, OrganisationCode, UserId } from './fields';
import type { PublicEvent } from './public-event';

/**
 * CloudEvents 1.0 in binary mode, as NATS headers: the attributes are `ce-*` headers, the body is
 * the event's data as JSON (exactly its schema), so a partner can read a message with any
 * CloudEvents SDK. What internal consumers need beyond the data travels as extension attributes
 * (lower-case alphanumeric names, as the spec requires).
 */
export const CE = {
  specversion: 'ce-specversion',
  id: 'ce-id',
  source: 'ce-source',
  type: 'ce-type',
  time: 'ce-time',
  subject: 'ce-subject',
  dataschema: 'ce-dataschema',
  correlationid: 'ce-correlationid',
  causationid: 'ce-causationid',
  actorid: 'ce-actorid',
  actorrole: 'ce-actorrole',
  actororganisation: 'ce-actororganisation',
} as const;
export const CONTENT_TYPE_HEADER = 'content-type';
export const JSON_CONTENT_TYPE = 'application/json';
export const CE_SPEC_VERSION = '1.0';

/** `/jeugd/<service>`: a URI-reference naming the publishing service. */
export const cloudEventSource = (service: ServiceName): string => `/jeugd/${service}`;

const CorrelationId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
  .meta({ description: 'Correlation id of the request that caused it' });

/** Every header of a published message and its rule: the one statement of them (the AsyncAPI document shows it). */
const HEADER_SCHEMAS = {
  [CE.specversion]: z.literal(CE_SPEC_VERSION),
  [CE.id]: z.guid().meta({ description: 'Event id (UUIDv7); also Nats-Msg-Id' }),
  [CE.source]: z.string().regex(/^\/jeugd\/[a-z-]+$/).meta({ description: 'The publishing service, /jeugd/<service>' }),
  [CE.type]: z.string().regex(/^nl\.wijkteam\.jeugd\.[a-z-]+\.[A-Z][A-Za-z0-9]*\.v[0-9]+$/).meta({ description: 'nl.wijkteam.jeugd.<service>.<Type>.v<version>' }),
  [CE.time]: DateTime,
  [CE.subject]: z.guid().meta({ description: 'The opaque id the event is about' }),
  [CE.dataschema]: z.string().regex(/^urn:nl:wijkteam:jeugd:schema:/).meta({ description: "URI of the data's JSON Schema ($id in this document)" }),
  [CONTENT_TYPE_HEADER]: z.literal(JSON_CONTENT_TYPE),
  [CE.correlationid]: CorrelationId,
  [CE.causationid]: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/).optional().meta({ description: 'Id of the event or request that caused it' }),
  [CE.actorid]: UserId,
  [CE.actorrole]: z.string().regex(/^[a-z][a-z-]{0,63}$/).meta({ description: 'Role code of who did it' }),
  [CE.actororganisation]: OrganisationCode,
  'Nats-Msg-Id': z.guid().meta({ description: 'JetStream deduplication id: the event id' }),
} as const;

/** The headers of every published message, as a schema (also in the AsyncAPI document). */
export const CloudEventHeaders = z.object(HEADER_SCHEMAS).meta({ description: 'CloudEvents 1.0 binary mode: the attributes as headers' });

type HeaderName = keyof typeof HEADER_SCHEMAS;
type Check = (value: string | undefined) => boolean;

/**
 * The same rules as plain tests, compiled once from each header's JSON Schema (its `const` or
 * `pattern`): every message is checked on both sides, and a zod object parse per message costs the
 * relay and the consumers more than the rest of the header handling.
 */
const CHECKS = Object.fromEntries(
  Object.entries(HEADER_SCHEMAS).map(([name, schema]) => {
    const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as { const?: string; pattern?: string };
    const optional = schema.safeParse(undefined).success;
    const pattern = json.pattern === undefined ? undefined : new RegExp(json.pattern);
    const check: Check = (value) =>
      value === undefined ? optional : json.const !== undefined ? value === json.const : pattern ? pattern.test(value) : schema.safeParse(value).success;
    return [name, check];
  }),
) as Record<HeaderName, Check>;

/**
 * Checks the attributes a gateway takes from the stored envelope (id, time, correlation, causation,
 * actor) as the consumers will: returns the header at fault, or undefined. A gateway refuses to
 * publish what a consumer would refuse to read.
 */
export function invalidAttribute(event: PublicEvent): string | undefined {
  if (!CHECKS[CE.id](event.id)) return CE.id;
  if (!CHECKS[CE.time](event.time)) return CE.time;
  if (!CHECKS[CE.subject](event.subject)) return CE.subject;
  if (!CHECKS[CE.correlationid](event.correlationId)) return CE.correlationid;
  if (!CHECKS[CE.causationid](event.causationId)) return CE.causationid;
  if (!CHECKS[CE.actorid](event.actor.userId)) return CE.actorid;
  if (!CHECKS[CE.actorrole](event.actor.role)) return CE.actorrole;
  if (!CHECKS[CE.actororganisation](event.actor.organisation)) return CE.actororganisation;
  return undefined;
}

/** The CloudEvents headers of a public event (plus Nats-Msg-Id). */
export function cloudEventHeaders(definition: AnyEventDefinition, event: PublicEvent): Record<string, string> {
  const headers: Record<string, string> = {
    [CE.specversion]: CE_SPEC_VERSION,
    [CE.id]: event.id,
    [CE.source]: cloudEventSource(definition.service),
    [CE.type]: definition.cloudEventType,
    [CE.time]: event.time,
    [CE.subject]: event.subject,
    [CE.dataschema]: definition.dataSchema,
    [CONTENT_TYPE_HEADER]: JSON_CONTENT_TYPE,
    [CE.correlationid]: event.correlationId,
    [CE.actorid]: event.actor.userId,
    [CE.actorrole]: event.actor.role,
    [CE.actororganisation]: event.actor.organisation,
    'Nats-Msg-Id': event.id,
  };
  if (event.causationId) headers[CE.causationid] = event.causationId;
  return headers;
}

/** What a `ce-type` says: which service, type and version. */
export interface CloudEventTypeParts {
  service: string;
  type: string;
  version: number;
}

export function parseCloudEventType(ceType: string): CloudEventTypeParts | undefined {
  const match = /^nl\.wijkteam\.jeugd\.([a-z-]+)\.([A-Z][A-Za-z0-9]*)\.v([0-9]+)$/.exec(ceType);
  return match ? { service: match[1], type: match[2], version: Number(match[3]) } : undefined;
}

/** The headers of a message do not make a CloudEvent of this catalogue. Names the header only. */
export class InvalidCloudEvent extends Error {
  readonly code = 'invalid_cloud_event';
  constructor(readonly header: string) {
    super(`not a CloudEvent of the catalogue: header ${header || '(none)'} missing or malformed`);
    this.name = 'InvalidCloudEvent';
  }
}

export type CloudEventEnvelope = Omit<PublicEvent, 'data' | 'type' | 'version' | 'source'> & CloudEventTypeParts;

/** Reads and checks the headers of a received message (everything but the data). */
export function readCloudEventHeaders(get: (name: string) => string | undefined): CloudEventEnvelope {
  // Header by header into locals, not through an intermediate object: this runs for every message.
  const read = (name: HeaderName): string => {
    const value = get(name) || undefined;
    if (!CHECKS[name](value)) throw new InvalidCloudEvent(name);
    return value as string;
  };
  read(CE.specversion);
  read(CONTENT_TYPE_HEADER);
  read(CE.dataschema);
  const id = read(CE.id);
  const parts = parseCloudEventType(read(CE.type)) as CloudEventTypeParts;
  if (read(CE.source) !== `/jeugd/${parts.service}`) throw new InvalidCloudEvent(CE.source);
  if (read('Nats-Msg-Id') !== id) throw new InvalidCloudEvent('Nats-Msg-Id');
  const envelope: CloudEventEnvelope = {
    service: parts.service,
    type: parts.type,
    version: parts.version,
    id,
    time: read(CE.time),
    subject: read(CE.subject),
    correlationId: read(CE.correlationid),
    actor: { userId: read(CE.actorid), role: read(CE.actorrole), organisation: read(CE.actororganisation) },
  };
  const causationId = read(CE.causationid);
  if (causationId !== undefined) envelope.causationId = causationId;
  return envelope;
}
