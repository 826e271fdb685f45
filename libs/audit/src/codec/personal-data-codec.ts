import type { EventCodec, EventToAppend, JsonObject, JsonValue, RecordedEvent } from '@wijkteam/event-store';
import { PersonalDataPolicyViolation } from '../errors';
import type { KeyRing, RingKey } from '../keys/key-ring';
import { type PersonalDataPolicy, valueAt } from '../policy/personal-data-policy';
import { associatedData, open, seal, sealedMarker } from './field-cipher';

/**
 * What the codec adds to the metadata of an event with personal data. `paths` are the fields it
 * sealed, so decoding follows what was written, not today's policy (policies may grow). The stored
 * format is described in field-cipher.ts: one blob per event in `sealed`, `{ "$pii": true }` at
 * each path in `data`.
 */
export interface PiiMetadata {
  keyId: string;
  subjectId: string;
  alg: 'A256GCM';
  paths: string[];
  /** At rest only: base64(iv | tag | AES-256-GCM of the `{ path: value }` map). Not in decoded events. */
  sealed?: string;
  /** Set on read when the subject's key was destroyed: the paths read as `{ "$erased": true }`. */
  erased?: true;
}

/** Named by an integrity error: the one blob holds all paths, so no single field can be blamed. */
const SEALED_FIELD = 'metadata.pii.sealed';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Encrypts the personal fields of events per data subject on their way into the store, and
 * decrypts them on the way out (`withCodec(store, codec)`). Encoding happens before the append, so a
 * key store failure fails the command with nothing written. Decoding an erased subject never throws:
 * replays and projections keep working and see `{ "$erased": true }`. A key store that is down, or
 * that does not know a key id (e.g. an empty file configured by mistake), is a 503 instead: a
 * projection must halt rather than bake "erased" into its read model.
 */
export class PersonalDataCodec implements EventCodec {
  constructor(
    private readonly policy: PersonalDataPolicy,
    private readonly keys: KeyRing,
  ) {}

  encode(_stream: string, event: EventToAppend): EventToAppend | Promise<EventToAppend> {
    const rule = this.policy[event.type];
    if (!rule || !isObject(event.data)) return event;
    const paths = rule.personal.filter((path) => valueAt(event.data, path) !== undefined);
    if (paths.length === 0) return event;
    if (event.metadata.pii !== undefined) throw new PersonalDataPolicyViolation('metadata.pii', 'already_encoded');
    const subjectId = valueAt(event.data, rule.subject);
    if (typeof subjectId !== 'string' || !UUID.test(subjectId)) throw new PersonalDataPolicyViolation(rule.subject, 'subject_missing');
    const subject = subjectId.toLowerCase();
    // Hot path: the subject's key is in the ring, no promise, no key store round trip.
    const cached = this.keys.peekSubject(subject);
    if (cached) return sealEvent(event, paths, cached);
    return this.keys.keyForSubject(subject).then((key) => sealEvent(event, paths, key));
  }

  decode(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent> {
    const pii = piiOf(event);
    if (!pii) return event;
    const cached = this.keys.peek(pii.keyId);
    if (cached !== undefined) return openEvent(event, pii, cached);
    return this.keys.keyById(pii.keyId).then((key) => openEvent(event, pii, key));
  }
}

function sealEvent(event: EventToAppend, paths: string[], key: RingKey): EventToAppend {
  const values: JsonObject = {};
  const markers: JsonObject = {};
  for (const path of paths) {
    values[path] = valueAt(event.data, path) as JsonValue;
    markers[path] = sealedMarker();
  }
  const sealed = seal(key.secret, values, associatedData(event.id, key.keyId, key.subjectId, paths));
  const pii: PiiMetadata = { keyId: key.keyId, subjectId: key.subjectId, alg: 'A256GCM', paths, sealed };
  return { ...event, data: withValuesAt(event.data, markers), metadata: { ...event.metadata, pii: { ...pii } } };
}

function openEvent(event: RecordedEvent, pii: PiiMetadata, key: RingKey | 'destroyed'): RecordedEvent {
  // The decoded event shows which key and paths, not the ciphertext.
  const shown: PiiMetadata = { keyId: pii.keyId, subjectId: pii.subjectId, alg: pii.alg, paths: pii.paths };
  let values: JsonObject;
  if (key === 'destroyed') {
    values = {};
    for (const path of pii.paths) values[path] = { $erased: true };
    shown.erased = true;
  } else {
    values = open(key.secret, pii.sealed, associatedData(event.id, pii.keyId, pii.subjectId, pii.paths), SEALED_FIELD);
  }
  return { ...event, data: withValuesAt(event.data, values, pii.paths), metadata: { ...event.metadata, pii: shown } };
}

/**
 * A copy of `data` with the value at each path replaced (for the paths listed, or all keys of
 * `values`). Copies each object along the paths once, however many paths go through it; the input is
 * never modified (a store may hand out the same object twice).
 */
function withValuesAt(data: JsonObject, values: JsonObject, paths: readonly string[] = Object.keys(values)): JsonObject {
  const root: JsonObject = { ...data };
  const copied: JsonObject[] = []; // the nested objects copied so far (a few at most)
  for (const path of paths) {
    const value = values[path];
    if (value === undefined) continue;
    if (!path.includes('.')) {
      put(root, path, value);
      continue;
    }
    const parts = path.split('.');
    let parent = root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const child = parent[parts[i]];
      let next: JsonObject;
      if (isObject(child) && copied.includes(child)) next = child;
      else {
        next = isObject(child) ? { ...child } : {};
        copied.push(next);
        put(parent, parts[i], next);
      }
      parent = next;
    }
    put(parent, parts[parts.length - 1], value);
  }
  return root;
}

/** Plain assignment, except that a path part `__proto__` (valid per the policy's syntax) stays an own property. */
function put(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function piiOf(event: RecordedEvent): PiiMetadata | undefined {
  const pii = event.metadata.pii as Partial<PiiMetadata> | undefined;
  if (!pii || typeof pii.keyId !== 'string' || !Array.isArray(pii.paths)) return undefined;
  return pii as PiiMetadata;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
