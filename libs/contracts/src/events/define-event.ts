import { z } from 'zod/v4';

/** The services that publish events (and reporting, which only consumes). */
export type ServiceName = 'intake' | 'case-planning' | 'safety' | 'consent' | 'reporting';

/** What an event definition is written from: the one place a public event's contract is stated. */
export interface EventDefinitionInput<Service extends ServiceName, Type extends string, Version extends number, Data> {
  service: Service;
  /** Past tense, stable: a published type is never renamed or given another meaning. */
  type: Type;
  /** 1, 2, …: a new version when the data changes shape, with an upcaster from the previous one. */
  version: Version;
  description: string;
  /** The opaque id the event is about (CloudEvents `subject`): never anything personal. */
  subject: (data: Data) => string;
  data: z.ZodType<Data>;
}

export interface UpcastFrom<PreviousData, Data> {
  /** The definition of version - 1. */
  previous: EventDefinition<ServiceName, string, number, PreviousData>;
  /** Turns the previous version's (validated) data into this version's. Pure. */
  upcast: (previousData: PreviousData) => Data;
}

/**
 * One public event in one version: its TypeScript type (`EventData<typeof X>`), its runtime
 * validator (`parse`) and its JSON Schema (`jsonSchema()`) all come from the one zod schema.
 */
export interface EventDefinition<Service extends ServiceName = ServiceName, Type extends string = string, Version extends number = number, Data = unknown> {
  readonly service: Service;
  readonly type: Type;
  readonly version: Version;
  readonly description: string;
  readonly schema: z.ZodType<Data>;
  readonly subject: (data: Data) => string;
  /** `jeugd.<service>.<Type>`: every version of a type shares it. */
  readonly channel: string;
  /** `<Type>.v<version>`: the message name in the AsyncAPI document. */
  readonly name: string;
  /** CloudEvents `type`, e.g. `nl.wijkteam.jeugd.intake.ReferralAccepted.v1`. */
  readonly cloudEventType: string;
  /** CloudEvents `dataschema` and the schema's `$id` in the AsyncAPI document. */
  readonly dataSchema: string;
  readonly previous?: EventDefinition<Service, Type, number, unknown>;
  /** Validates `data` as this version; throws EventDataInvalid naming the first field at fault. */
  parse(data: unknown): Data;
  /** Decodes data of this version or an older one (validated as that version, then upcast). */
  decode(version: number, data: unknown): Data;
  jsonSchema(): Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventDefinition = EventDefinition<ServiceName, string, number, any>;
export type EventData<Definition> = Definition extends EventDefinition<ServiceName, string, number, infer Data> ? Data : never;

/** The data does not match its schema. Names the field, never the value (it may be personal). */
export class EventDataInvalid extends Error {
  readonly code = 'event_data_invalid';
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly field: string,
    readonly issue: string,
  ) {
    super(`${eventType} v${version}: ${field || '(data)'} ${issue}`);
    this.name = 'EventDataInvalid';
  }
}

/** A message newer than the version the consumer asked for: it cannot be read without loss. */
export class EventVersionNotSupported extends Error {
  readonly code = 'event_version_not_supported';
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly supported: number,
  ) {
    super(`${eventType} v${version} is newer than v${supported}, the version this consumer reads`);
    this.name = 'EventVersionNotSupported';
  }
}

const CLOUD_EVENT_TYPE_PREFIX = 'nl.wijkteam.jeugd';
const DATA_SCHEMA_PREFIX = 'urn:nl:wijkteam:jeugd:schema';

export function defineEvent<Service extends ServiceName, Type extends string, Version extends number, Data, PreviousData = never>(
  input: EventDefinitionInput<Service, Type, Version, Data> & (Version extends 1 ? { previous?: never; upcast?: never } : UpcastFrom<PreviousData, Data>),
): EventDefinition<Service, Type, Version, Data> {
  const { service, type, version, description, subject, data: schema } = input;
  const from = input as Partial<UpcastFrom<PreviousData, Data>>;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(type)) throw new Error(`event type ${type} must be one PascalCase word`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`${type}: version must be a positive integer`);
  if (version > 1) {
    const previous = from.previous;
    if (!previous || !from.upcast) throw new Error(`${type} v${version} needs the previous definition and an upcaster`);
    if (previous.type !== type || previous.service !== service || previous.version !== version - 1)
      throw new Error(`${type} v${version}: previous must be ${service} ${type} v${version - 1}`);
  }
  const definition: EventDefinition<Service, Type, Version, Data> = {
    service,
    type,
    version,
    description,
    schema,
    subject,
    channel: `jeugd.${service}.${type}`,
    name: `${type}.v${version}`,
    cloudEventType: `${CLOUD_EVENT_TYPE_PREFIX}.${service}.${type}.v${version}`,
    dataSchema: `${DATA_SCHEMA_PREFIX}:${service}:${type}:v${version}`,
    previous: from.previous as EventDefinition<Service, Type, number, unknown> | undefined,
    parse(data: unknown): Data {
      const result = schema.safeParse(data);
      if (result.success) return result.data;
      const [issue] = result.error.issues;
      throw new EventDataInvalid(type, version, issue.path.map(String).join('.'), issue.code);
    },
    decode(messageVersion: number, data: unknown): Data {
      if (messageVersion === version) return definition.parse(data);
      if (messageVersion > version) throw new EventVersionNotSupported(type, messageVersion, version);
      if (!from.previous || !from.upcast) throw new EventVersionNotSupported(type, messageVersion, version);
      // Validated as what it was, upcast, and validated again as what the consumer asked for.
      return definition.parse(from.upcast(from.previous.decode(messageVersion, data) as PreviousData));
    },
    jsonSchema(): Record<string, unknown> {
      const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
      return { $id: definition.dataSchema, title: definition.name, description, ...json };
    },
  };
  return Object.freeze(definition);
}
