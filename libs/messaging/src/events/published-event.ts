import type { EventMetadata, JsonObject, RecordedEvent } from '@wijkteam/event-store';

/**
 * The message body on the bus: JSON of the recorded event. Positions and revisions are strings
 * because JSON numbers lose precision beyond 2^53 and the store's positions are bigints.
 */
export interface PublishedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  type: Type;
  streamName: string;
  /** Global position in the store, as a decimal string. */
  position: string;
  /** Revision within the stream, as a decimal string. */
  revision: string;
  data: Data;
  metadata: EventMetadata;
}

export function toPublishedEvent(event: RecordedEvent): PublishedEvent {
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamName,
    position: event.position.toString(),
    revision: event.revision.toString(),
    data: event.data,
    metadata: withoutCiphertext(event.metadata),
  };
}

/**
 * The metadata as the bus carries it: without `pii.sealed`, the ciphertext of the event's personal
 * fields (libs/audit). No subscriber holds the publishing service's keys, so the blob would be of no
 * use to anyone on the bus; leaving it out keeps even encrypted personal data off the bus and out of
 * the partners' copies (data minimisation). Which fields were sealed (`pii.paths`) and under which
 * key id stay, so a subscriber knows that a name was recorded, not what it is.
 */
function withoutCiphertext(metadata: EventMetadata): EventMetadata {
  const pii = metadata.pii;
  if (typeof pii !== 'object' || pii === null || Array.isArray(pii) || !('sealed' in pii)) return metadata;
  const { sealed: _sealed, ...rest } = pii;
  return { ...metadata, pii: rest };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodePublishedEvent(event: PublishedEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

export class MalformedMessage extends Error {
  readonly code = 'malformed_message';
  constructor(problem: string) {
    super(`malformed message: ${problem}`);
    this.name = 'MalformedMessage';
  }
}

/** Parses and checks the envelope; the contents of `data` are the handler's (and contracts') business. */
export function decodePublishedEvent(bytes: Uint8Array): PublishedEvent {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new MalformedMessage('not JSON');
  }
  const candidate = value as Partial<PublishedEvent> | null;
  const strings = ['id', 'type', 'streamName', 'position', 'revision'] as const;
  for (const field of strings) {
    if (typeof candidate?.[field] !== 'string') throw new MalformedMessage(`${field} missing`);
  }
  if (typeof candidate?.data !== 'object' || candidate.data === null) throw new MalformedMessage('data missing');
  if (typeof candidate.metadata !== 'object' || candidate.metadata === null) throw new MalformedMessage('metadata missing');
  return candidate as PublishedEvent;
}
