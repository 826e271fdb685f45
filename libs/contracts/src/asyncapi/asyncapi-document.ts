import { z } from 'zod/v4';
import { EVENT_CATALOGUE } from '../catalogue';
import type { AnyEventDefinition, ServiceName } from '../events/define-event';
import { CE, CloudEventHeaders, cloudEventSource } from '../events/cloud-events';

/** Where the document is committed, relative to the repository root, and served (`GET /asyncapi.json`). */
export const ASYNCAPI_PATH = 'docs/asyncapi.json';

const HEADERS_ID = 'CloudEventHeaders';

/**
 * The AsyncAPI 3.0 document of the catalogue: a channel per event type (`jeugd.<service>.<Type>`),
 * a message per version with its payload schema (`$id` = the CloudEvents `dataschema`) and the
 * CloudEvents headers, and the publishing service's `send` operations (AsyncAPI 3 ties an operation
 * to one channel: one per channel, tagged with the service and naming its CloudEvents source). Generated,
 * never edited by hand: `npm run asyncapi` rewrites docs/asyncapi.json, a test fails on drift.
 */
export function asyncApiDocument(catalogue: Readonly<Record<ServiceName, readonly AnyEventDefinition[]>> = EVENT_CATALOGUE): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { [HEADERS_ID]: headersSchema() };
  for (const [service, definitions] of Object.entries(catalogue) as Array<[ServiceName, readonly AnyEventDefinition[]]>) {
    const byType = new Map<string, AnyEventDefinition[]>();
    for (const definition of definitions) byType.set(definition.type, [...(byType.get(definition.type) ?? []), definition]);
    for (const [type, versions] of byType) {
      const channelId = channelKey(service, type);
      const channelMessages: Record<string, unknown> = {};
      for (const definition of versions.sort((a, b) => a.version - b.version)) {
        const messageId = messageKey(definition);
        const schemaId = messageId;
        schemas[schemaId] = definition.jsonSchema();
        messages[messageId] = {
          name: definition.name,
          title: `${type} v${definition.version}`,
          summary: definition.description,
          contentType: 'application/json',
          headers: { $ref: `#/components/schemas/${HEADERS_ID}` },
          payload: { $ref: `#/components/schemas/${schemaId}` },
          'x-cloudevents-type': definition.cloudEventType,
          'x-cloudevents-dataschema': definition.dataSchema,
          'x-event-version': definition.version,
        };
        channelMessages[definition.name.replace('.', '_')] = { $ref: `#/components/messages/${messageId}` };
      }
      channels[channelId] = {
        address: versions[0].channel,
        title: `${service} ${type}`,
        description: versions[versions.length - 1].description,
        tags: [{ name: service }],
        messages: channelMessages,
      };
      operations[`${channelId}_send`] = {
        action: 'send',
        title: `${service} publishes ${type}`,
        channel: { $ref: `#/channels/${channelId}` },
        messages: Object.keys(channelMessages).map((key) => ({ $ref: `#/channels/${channelId}/messages/${key}` })),
        tags: [{ name: service }],
        'x-cloudevents-source': cloudEventSource(service),
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Wijkteam Jeugd & Gezin: public events',
      version: '1.0.0',
      description:
        'Every event a service publishes on NATS JetStream (stream JEUGD), one channel per event type. Messages are CloudEvents 1.0 in ' +
        'binary mode: the attributes are ce-* headers, the body is the data as JSON, exactly the payload schema. No message carries ' +
        'personal data (names, birth dates, BSN, free text) or a position in an event store. A new version of an event keeps its ' +
        'channel; consumers read the version they ask for, older messages are upcast.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas },
  };
}

function channelKey(service: string, type: string): string {
  return `${service.replace(/-/g, '_')}_${type}`;
}

function messageKey(definition: AnyEventDefinition): string {
  return `${channelKey(definition.service, definition.type)}_v${definition.version}`;
}

function headersSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(CloudEventHeaders, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { $id: 'urn:nl:wijkteam:jeugd:schema:cloudevent-headers', title: 'CloudEvents headers', ...json, required: [...requiredHeaders()] };
}

function requiredHeaders(): string[] {
  return Object.entries(CloudEventHeaders.shape)
    .filter(([name]) => name !== CE.causationid)
    .map(([name]) => name);
}

/** The document as committed: two-space JSON with a final newline. */
export function asyncApiJson(): string {
  return `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
}
