import { type AnyEventDefinition, cloudEventHeaders, type CloudEventEnvelope, type PublicEvent, readCloudEventHeaders } from '@wijkteam/contracts';

/**
 * A public event as the bus carries it: CloudEvents binary mode, the attributes as headers, the
 * body the data as JSON, exactly the definition's schema. The in-process transport builds the same
 * message and decodes it the same way, so handlers cannot tell the transports apart.
 */
export interface PublicMessage {
  subject: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toPublicMessage(definition: AnyEventDefinition, event: PublicEvent): PublicMessage {
  return { subject: definition.channel, headers: cloudEventHeaders(definition, event), body: encoder.encode(JSON.stringify(event.data)) };
}

export class MalformedMessage extends Error {
  readonly code = 'malformed_message';
  constructor(problem: string) {
    super(`malformed message: ${problem}`);
    this.name = 'MalformedMessage';
  }
}

/** A received message: its CloudEvents attributes checked, its data parsed but not yet validated. */
export interface ReceivedMessage {
  envelope: CloudEventEnvelope;
  data: unknown;
}

/** Reads the headers and the JSON body; the data is validated by the consumer's definition. */
export function readPublicMessage(subject: string, header: (name: string) => string | undefined, body: Uint8Array): ReceivedMessage {
  const envelope = readCloudEventHeaders(header);
  if (subject !== `jeugd.${envelope.service}.${envelope.type}`) throw new MalformedMessage('ce-type does not match the subject');
  let data: unknown;
  try {
    data = JSON.parse(decoder.decode(body));
  } catch {
    throw new MalformedMessage('body is not JSON');
  }
  return { envelope, data };
}
