import type { EventCodec, EventToAppend, JsonObject, JsonValue, RecordedEvent } from '@wijkteam/event-store';
import { isUuid } from '@wijkteam/contracts';
import { PersonalDataPolicyViolation } from '../errors';
import type { KeyRing, RingKey } from '../keys/key-ring';
import type { PersonalDataPolicy, PersonalDataRule } from '../policy/personal-data-policy';
import { associatedDataOf, open, seal, sealedMarker } from './field-cipher';
import { LazyBlob, lazyView, valuesInPathOrder } from './lazy-fields';
import { copyWithout, copyWithValues, isObject, planOf, put, SEALED_FIELD } from './path-plan';

/**
 * What the codec adds to the metadata of an event with personal data. `paths` are the fields it
 * sealed, so decoding follows what was written, not today's policy (policies may grow). The stored
 * format is described in field-cipher.ts: one blob per event in `sealed`, `{ "$pii": true }` at
 * each path in `data`.
 */
export interface PiiMetadata {
  keyId: string;
  /**
   * Stored by the earlier layout only (before 2026-11-23, with markers in `data`); now left out:
   * the subject is the key's (the key store maps key id to subject, and the associated data binds it)
   * and its id is in `data` in the clear, at the policy's subject path. Decoded events always show it.
   */
  subjectId?: string;
  alg: 'A256GCM';
  paths: string[];
  /** At rest only: base64(iv | tag | AES-256-GCM of the values, see field-cipher.ts). Not in decoded events. */
  sealed?: string;
  /** Set on read when the subject's key was destroyed: the paths read as `{ "$erased": true }`. */
  erased?: true;
}

export interface PersonalDataCodecOptions {
  /**
   * 'lazy' (default): `decode` looks the key up (a cached map lookup; a key store round trip only on
   * a miss) but does not decrypt. `data`, and each object along a personal path, is a Proxy over a
   * copy (see lazy-fields.ts) that shows each personal path as an own, enumerable accessor; the
   * first read of any of them decrypts the event's blob once (memoised for that event), so
   * plaintext exists in memory only when code actually reads a personal field. Projections and
   * reports that read only non-personal facts never decrypt. Listing keys does not decrypt; reading
   * values does (JSON.stringify, spread, deep equality); so does freezing or sealing such an object.
   * 'eager': `decode` decrypts at once (all-or-nothing at read time, as before).
   *
   * Failures in lazy mode:
   * - key store down, wrong master key, or a key id unknown to the store: the key lookup is eager in
   *   both modes, so `decode` itself rejects with KeyStoreUnavailable (503), before any field is read;
   *   this also means `metadata.pii.erased` is a plain, truthful value, known without decrypting;
   * - a tampered, moved or relabelled blob: PersonalDataIntegrityError is thrown by the first read of a
   *   personal field (and again by every later read), never a marker, `$erased` or garbage;
   * - a stored path list that is not one of distinct, non-overlapping dotted paths (the codec never
   *   writes one): `decode` itself throws PersonalDataIntegrityError, as the event's shape is unknown;
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
  /** Per event type of the policy, its paths split once. */
  private readonly rules = new Map<string, CompiledRule | undefined>();

  constructor(
    private readonly policy: PersonalDataPolicy,
    private readonly keys: KeyRing,
    options: PersonalDataCodecOptions = {},
  ) {
    if (options.decode !== undefined && options.decode !== 'eager' && options.decode !== 'lazy') throw new Error(`PersonalDataCodec: decode must be 'eager' or 'lazy'`);
    this.lazy = options.decode !== 'eager';
  }

  encode(_stream: string, event: EventToAppend): EventToAppend | Promise<EventToAppend> {
    const rule = this.ruleOf(event.type);
    if (!rule || !isObject(event.data)) return event;
    // One walk per path: the paths present and their values together.
    const paths: string[] = [];
    const values: JsonValue[] = [];
    for (let i = 0; i < rule.parts.length; i += 1) {
      const value = valueAtParts(event.data, rule.parts[i]);
      if (value === undefined) continue;
      paths.push(rule.personal[i]);
      values.push(value);
    }
    if (paths.length === 0) return event;
    if (event.metadata.pii !== undefined) throw new PersonalDataPolicyViolation('metadata.pii', 'already_encoded');
    const subjectId = valueAtParts(event.data, rule.subjectParts);
    if (!isUuid(subjectId)) throw new PersonalDataPolicyViolation(rule.subject, 'subject_missing');
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
    if (cached !== undefined) return this.openEvent(event, pii, cached);
    return this.keys.keyById(pii.keyId).then((key) => this.openEvent(event, pii, key));
  }

  private openEvent(event: RecordedEvent, pii: PiiMetadata, key: RingKey | 'destroyed'): RecordedEvent {
    const plan = planOf(pii.paths);
    const raw = isObject(event.data) ? event.data : {};
    // The associated data binds the stored subject where the earlier layout stored one (so an edited
    // one fails to decrypt), the key's subject otherwise.
    const subjectId = pii.subjectId ?? (key === 'destroyed' ? this.subjectInData(event) : key.subjectId);
    // The decoded event shows which key, subject and paths, not the ciphertext.
    const shown: PiiMetadata = { keyId: pii.keyId, subjectId, alg: pii.alg, paths: pii.paths };
    let data: JsonObject;
    if (key === 'destroyed') {
      shown.erased = true;
      data = copyWithValues(raw, plan.root, erasedValue);
    } else if (this.lazy) {
      data = lazyView(raw, plan.root, new LazyBlob(key, event.id, subjectId as string, pii.sealed, plan));
    } else {
      const opened = open(key.secret, pii.sealed, associatedDataOf(event.id, pii.keyId, subjectId as string, plan.aadPaths), SEALED_FIELD);
      const values = valuesInPathOrder(opened, plan);
      data = copyWithValues(raw, plan.root, (index) => (values[index] === undefined ? sealedMarker() : values[index]));
    }
    return decodedEvent(event, data, { ...event.metadata, pii: shown });
  }

  /** The subject of an erased event written without `subjectId` in its metadata: its id in `data`. */
  private subjectInData(event: RecordedEvent): string | undefined {
    const rule = this.ruleOf(event.type);
    const subject = rule && isObject(event.data) ? valueAtParts(event.data, rule.subjectParts) : undefined;
    return typeof subject === 'string' ? subject.toLowerCase() : undefined;
  }

  private ruleOf(type: string): CompiledRule | undefined {
    let rule = this.rules.get(type);
    if (rule === undefined && !this.rules.has(type)) {
      const given = Object.prototype.hasOwnProperty.call(this.policy, type) ? this.policy[type] : undefined;
      rule = given ? compile(given) : undefined;
      // Bounded by the policy's types plus the few other types a service appends.
      if (this.rules.size >= MAX_RULES) this.rules.clear();
      this.rules.set(type, rule);
    }
    return rule;
  }
}

const MAX_RULES = 1_000;

interface CompiledRule {
  subject: string;
  subjectParts: readonly string[];
  personal: readonly string[];
  parts: readonly (readonly string[])[];
}

function compile(rule: PersonalDataRule): CompiledRule {
  return { subject: rule.subject, subjectParts: rule.subject.split('.'), personal: [...rule.personal], parts: rule.personal.map((path) => path.split('.')) };
}

function valueAtParts(data: JsonObject, parts: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (let i = 0; i < parts.length; i += 1) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = current[parts[i]];
  }
  return current;
}

function sealEvent(event: EventToAppend, paths: string[], values: JsonValue[], key: RingKey): EventToAppend {
  const plan = planOf(paths);
  // The sealed array follows the sorted path list (the order the associated data binds).
  const sorted = new Array<JsonValue>(values.length);
  for (let i = 0; i < values.length; i += 1) sorted[plan.sortedIndex[i]] = values[i];
  const sealed = seal(key.secret, JSON.stringify(sorted), associatedDataOf(event.id, key.keyId, key.subjectId, plan.aadPaths));
  const pii: PiiMetadata = { keyId: key.keyId, alg: 'A256GCM', paths, sealed };
  return { ...event, data: copyWithout(event.data, plan.root), metadata: withPii(event.metadata, pii) };
}

/**
 * `{ ...metadata, pii }`, written out: a spread that adds a key the source lacks gives each copy a
 * map of its own in V8 (~0.4 µs per event here); copying into a fresh literal stays on shared maps.
 */
function withPii(metadata: EventToAppend['metadata'], pii: PiiMetadata): EventToAppend['metadata'] {
  const copy = {} as EventToAppend['metadata'];
  const keys = Object.keys(metadata);
  for (let i = 0; i < keys.length; i += 1) put(copy as JsonObject, keys[i], metadata[keys[i]] as JsonValue);
  copy.pii = pii;
  return copy;
}

/**
 * The port's fields of `event`, with the decoded data and metadata: written out, not spread (a spread
 * of a stored event costs ~0.1 µs, ten times the literal, and a replay pays it per event). The port
 * defines exactly these fields (both adapters return exactly these).
 */
function decodedEvent(event: RecordedEvent, data: JsonObject, metadata: RecordedEvent['metadata']): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    data,
    metadata,
    streamName: event.streamName,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
  };
}

const erasedValue = (): JsonObject => ({ $erased: true });

function piiOf(event: RecordedEvent): PiiMetadata | undefined {
  const pii = event.metadata.pii as Partial<PiiMetadata> | undefined;
  if (!pii || typeof pii.keyId !== 'string' || !Array.isArray(pii.paths)) return undefined;
  return pii as PiiMetadata;
}
