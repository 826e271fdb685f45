import type { EventCodec, EventToAppend, JsonObject, JsonValue, RecordedEvent } from '@wijkteam/event-store';
import { PersonalDataIntegrityError, PersonalDataPolicyViolation } from '../errors';
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

export interface PersonalDataCodecOptions {
  /**
   * 'lazy' (default): `decode` looks the key up (a cached map lookup; a key store round trip only on
   * a miss) but does not decrypt. Each personal path of the decoded event is an enumerable getter;
   * the first read of any of them decrypts the event's blob once (memoised for that event), so
   * plaintext exists in memory only when code actually reads a personal field. Projections and
   * reports that read only non-personal facts never decrypt.
   * 'eager': `decode` decrypts at once (all-or-nothing at read time, as before).
   *
   * Failures in lazy mode:
   * - key store down, wrong master key, or a key id unknown to the store: the key lookup is eager in
   *   both modes, so `decode` itself rejects with KeyStoreUnavailable (503), before any field is read;
   *   this also means `metadata.pii.erased` is a plain, truthful value, known without decrypting;
   * - a tampered, moved or relabelled blob: PersonalDataIntegrityError is thrown by the first read of a
   *   personal field (and again by every later read), never a marker, `$erased` or garbage;
   * - a destroyed key: known at decode (the key ring's tombstone), so the paths are plain
   *   `{ "$erased": true }` values and `metadata.pii.erased` is true, as in eager mode.
   * A decoded event is a snapshot as of `decode`: it holds the key it was decoded with, as an eagerly
   * decoded event holds the plaintext, so erase first, then read, to see `$erased`.
   */
  decode?: 'eager' | 'lazy';
}

/**
 * Encrypts the personal fields of events per data subject on their way into the store, and
 * decrypts them on the way out (`withCodec(store, codec)`). Encoding happens before the append, so a
 * key store failure fails the command with nothing written. Decoding an erased subject never throws:
 * replays and projections keep working and see `{ "$erased": true }`. A key store that is down, or
 * that does not know a key id (e.g. an empty file configured by mistake), is a 503 instead: a
 * projection must halt rather than bake "erased" into its read model. Decryption is lazy by default
 * (see PersonalDataCodecOptions).
 */
export class PersonalDataCodec implements EventCodec {
  private readonly lazy: boolean;

  constructor(
    private readonly policy: PersonalDataPolicy,
    private readonly keys: KeyRing,
    options: PersonalDataCodecOptions = {},
  ) {
    if (options.decode !== undefined && options.decode !== 'eager' && options.decode !== 'lazy') throw new Error(`PersonalDataCodec: decode must be 'eager' or 'lazy'`);
    this.lazy = options.decode !== 'eager';
  }

  encode(_stream: string, event: EventToAppend): EventToAppend | Promise<EventToAppend> {
    const rule = this.policy[event.type];
    if (!rule || !isObject(event.data)) return event;
    // One walk per path: the paths present and their values together.
    const paths: string[] = [];
    const values: JsonObject = {};
    for (const path of rule.personal) {
      const value = valueAt(event.data, path);
      if (value === undefined) continue;
      paths.push(path);
      values[path] = value;
    }
    if (paths.length === 0) return event;
    if (event.metadata.pii !== undefined) throw new PersonalDataPolicyViolation('metadata.pii', 'already_encoded');
    const subjectId = valueAt(event.data, rule.subject);
    if (typeof subjectId !== 'string' || !UUID.test(subjectId)) throw new PersonalDataPolicyViolation(rule.subject, 'subject_missing');
    const subject = subjectId.toLowerCase();
    // Hot path: the subject's key is in the ring, no promise, no key store round trip.
    const cached = this.keys.peekSubject(subject);
    if (cached) return sealEvent(event, paths, values, cached);
    return this.keys.keyForSubject(subject).then((key) => sealEvent(event, paths, values, key));
  }

  decode(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent> {
    const pii = piiOf(event);
    if (!pii) return event;
    const cached = this.keys.peek(pii.keyId);
    if (cached !== undefined) return openEvent(event, pii, cached, this.lazy);
    return this.keys.keyById(pii.keyId).then((key) => openEvent(event, pii, key, this.lazy));
  }
}

function sealEvent(event: EventToAppend, paths: string[], values: JsonObject, key: RingKey): EventToAppend {
  const markers: JsonObject = {};
  for (const path of paths) markers[path] = sealedMarker();
  const sealed = seal(key.secret, values, associatedData(event.id, key.keyId, key.subjectId, paths));
  const pii: PiiMetadata = { keyId: key.keyId, subjectId: key.subjectId, alg: 'A256GCM', paths, sealed };
  return { ...event, data: withValuesAt(event.data, markers, paths), metadata: { ...event.metadata, pii } };
}

function openEvent(event: RecordedEvent, pii: PiiMetadata, key: RingKey | 'destroyed', lazy: boolean): RecordedEvent {
  // The decoded event shows which key and paths, not the ciphertext.
  const shown: PiiMetadata = { keyId: pii.keyId, subjectId: pii.subjectId, alg: pii.alg, paths: pii.paths };
  let data: JsonObject;
  if (key === 'destroyed') {
    const values: JsonObject = {};
    for (const path of pii.paths) values[path] = { $erased: true };
    shown.erased = true;
    data = withValuesAt(event.data, values, pii.paths);
  } else if (lazy) {
    data = withValuesAt(event.data, undefined, pii.paths, new LazyBlob(key, event.id, pii));
  } else {
    const values = open(key.secret, pii.sealed, associatedData(event.id, pii.keyId, pii.subjectId, pii.paths), SEALED_FIELD);
    data = withValuesAt(event.data, values, pii.paths);
  }
  return { ...event, data, metadata: { ...event.metadata, pii: shown } };
}

/**
 * One event's sealed blob, opened on first use and remembered for that event only. A failure is
 * remembered too and thrown again on every read: fail closed, never a half-decoded event.
 */
class LazyBlob {
  private values: JsonObject | undefined;
  private failure: Error | undefined;

  constructor(
    private key: RingKey | undefined,
    private readonly eventId: string,
    private readonly pii: PiiMetadata,
  ) {}

  valueOf(path: string): JsonValue | undefined {
    if (this.values === undefined) this.open();
    const value = (this.values as JsonObject)[path];
    // `seal` writes every listed path and the blob is authenticated, so this is only defensive.
    return value === undefined ? sealedMarker() : value;
  }

  private open(): void {
    if (this.failure) throw this.failure;
    const { key, pii } = this;
    try {
      this.values = open((key as RingKey).secret, pii.sealed, associatedData(this.eventId, pii.keyId, pii.subjectId, pii.paths), SEALED_FIELD);
    } catch (error) {
      this.failure = error as Error;
      throw error;
    }
    this.key = undefined; // not needed any more: the event keeps its values, not the key
  }
}

/**
 * A copy of `data` with the value at each path replaced (for the paths listed, or all keys of
 * `values`). Copies each object along the paths once, however many paths go through it; the input is
 * never modified (a store may hand out the same object twice). With `lazy`, each path becomes an
 * enumerable getter reading from the event's blob instead (`values` is then unused).
 */
function withValuesAt(data: JsonObject, values: JsonObject | undefined, paths: readonly string[] = Object.keys(values ?? {}), lazy?: LazyBlob): JsonObject {
  const root: JsonObject = { ...data };
  const copied: JsonObject[] = []; // the nested objects copied so far (a few at most)
  for (const path of paths) {
    const value = lazy ? undefined : (values as JsonObject)[path];
    if (!lazy && value === undefined) continue;
    let parent = root;
    let leaf = path;
    if (path.includes('.')) {
      const parts = path.split('.');
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
      leaf = parts[parts.length - 1];
    }
    if (lazy) defineLazy(parent, leaf, path, lazy);
    else put(parent, leaf, value as JsonValue);
  }
  return root;
}

/**
 * Which blob a lazily decoded object (the data, or a nested object holding a personal path) reads
 * from. A WeakMap rather than a property: nothing extra on the object for JSON, spread or equality
 * to see, and measurably cheaper than defining a hidden property per object.
 */
const blobs = new WeakMap<object, LazyBlob>();

/**
 * One descriptor per personal path, shared by every event: the getter finds the event's blob on
 * `this`. Sharing the functions (rather than a closure per event) lets V8 share the objects' hidden
 * classes, so defining the accessors and later reading the non-personal fields stays on fast paths.
 * Bounded: a policy has few paths.
 */
const descriptors = new Map<string, PropertyDescriptor>();
const MAX_DESCRIPTORS = 1_000;

function descriptorOf(path: string, key: string): PropertyDescriptor {
  let descriptor = descriptors.get(path);
  if (descriptor !== undefined) return descriptor;
  descriptor = {
    enumerable: true,
    configurable: true,
    get(this: object): JsonValue | undefined {
      const blob = blobs.get(this);
      // Only reachable by calling the getter on another object: refuse, do not guess.
      if (blob === undefined) throw new PersonalDataIntegrityError(SEALED_FIELD);
      return blob.valueOf(path);
    },
    // Assigning replaces the accessor with a plain value, as on any decoded event.
    set(this: JsonObject, value: JsonValue) {
      Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
    },
  };
  if (descriptors.size >= MAX_DESCRIPTORS) descriptors.clear();
  descriptors.set(path, descriptor);
  return descriptor;
}

/** An own, enumerable accessor (JSON.stringify, spread, Object.keys and deep equality see the value). */
function defineLazy(target: JsonObject, key: string, path: string, blob: LazyBlob): void {
  if (blobs.get(target) !== blob) blobs.set(target, blob);
  Object.defineProperty(target, key, descriptorOf(path, key));
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
