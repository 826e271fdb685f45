import { createCipheriv, createDecipheriv, type KeyObject, randomFillSync } from 'node:crypto';
import type { JsonObject, JsonValue } from '@wijkteam/event-store';
import { PersonalDataIntegrityError } from '../errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * IVs come from a pool filled by the CSPRNG in one call per 512 IVs: a `randomBytes(12)` per event
 * cost about as much as the encryption itself. Each 12-byte slice is handed out once (random 96-bit
 * IVs, as before; the pool only batches the calls). The pool holds nothing secret.
 */
const IV_POOL_IVS = 512;
const ivPool = Buffer.alloc(IV_BYTES * IV_POOL_IVS);
let ivNext = ivPool.length;

function nextIv(): Buffer {
  if (ivNext === ivPool.length) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  const iv = ivPool.subarray(ivNext, ivNext + IV_BYTES);
  ivNext += IV_BYTES;
  return iv;
}

/**
 * Stored format (one AES-256-GCM operation per event, not one per field):
 * - `metadata.pii.sealed` = base64(iv | tag | ciphertext), the ciphertext being AES-256-GCM over
 *   ONE `JSON.stringify` of the map `{ [path]: value }` of all the event's personal paths;
 * - in `data`, each personal path holds the marker `{ "$pii": true }`. The marker, not a removal,
 *   keeps the shape of the event visible to readers without keys (audit, reporting): they see that
 *   a name or an address was there, and every non-personal fact (ids, codes, ETM scores, the
 *   `preferredChannel` beside an encrypted `contact.phone`) stays where it was, in the clear. The
 *   marker carries no data, so nothing is gained by moving or copying one;
 * - `metadata.pii.{keyId, subjectId, alg, paths}` say which key and which paths; decoding follows
 *   the stored paths, not today's policy.
 * After erasure, reads show `{ "$erased": true }` at each path.
 */
export interface SealedValue {
  $pii: true;
}
export interface ErasedValue {
  $erased: true;
}
export const ERASED: ErasedValue = Object.freeze({ $erased: true }) as ErasedValue;

/** The marker left in `data` at a sealed path. */
export function sealedMarker(): SealedValue & JsonObject {
  return { $pii: true };
}

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as { $pii?: unknown }).$pii === true;
}

/**
 * Associated data: binds the ciphertext to its event (id), its key and subject, and to the exact
 * list of paths it holds, so it cannot be copied into another event, nor the path list in the
 * metadata be edited (dropping or renaming a path), and still decrypt. The store lowercases event
 * ids, so the codec does too. Paths are sorted: the binding is to the set, not the policy's order.
 */
export function associatedData(eventId: string, keyId: string, subjectId: string, paths: readonly string[]): Buffer {
  // Same bytes as `wijkteam-pii-v2|${id}|${keyId}|${subjectId}|${JSON.stringify(sortedPaths)}`, built
  // from cached pieces: the key/subject part and the paths' JSON repeat across events, so only the
  // event id is encoded per event (this was a quarter of the decode time when built as one string).
  const id = eventId.toLowerCase();
  const keyPart = keyPartOf(keyId, subjectId);
  const pathsPart = pathsPartOf(paths);
  const idBytes = Buffer.byteLength(id);
  const aad = Buffer.allocUnsafe(AAD_PREFIX.length + idBytes + 1 + keyPart.length + pathsPart.length);
  let at = AAD_PREFIX.copy(aad, 0);
  at += aad.write(id, at, idBytes, 'utf8');
  aad[at] = PIPE;
  at += 1;
  at += keyPart.copy(aad, at);
  pathsPart.copy(aad, at);
  return aad;
}

const AAD_PREFIX = Buffer.from('wijkteam-pii-v2|');
const PIPE = 0x7c;
/** Ids and pseudonyms only (no key material): `${keyId}|${subjectId}` as bytes, per key id. */
const keyParts = new Map<string, { subjectId: string; bytes: Buffer }>();
const MAX_KEY_PARTS = 10_000;

function keyPartOf(keyId: string, subjectId: string): Buffer {
  const hit = keyParts.get(keyId);
  if (hit !== undefined && hit.subjectId === subjectId) return hit.bytes;
  const bytes = Buffer.from(`${keyId}|${subjectId}`);
  if (keyParts.size >= MAX_KEY_PARTS) keyParts.clear();
  keyParts.set(keyId, { subjectId, bytes });
  return bytes;
}

/**
 * The JSON of the sorted path list, per distinct list. Events of one type share one or a few lists;
 * the lists are compared element-wise (no key string is built per event). Small and bounded.
 */
const pathParts: { paths: readonly string[]; bytes: Buffer }[] = [];
const MAX_PATH_PARTS = 64;

function pathsPartOf(paths: readonly string[]): Buffer {
  for (let i = 0; i < pathParts.length; i += 1) {
    const entry = pathParts[i];
    if (sameList(entry.paths, paths)) return entry.bytes;
  }
  const bytes = Buffer.from(`|${JSON.stringify(isSorted(paths) ? paths : [...paths].sort())}`);
  // Only lists of strings are remembered (metadata read from the store could hold anything).
  if (!paths.every((path) => typeof path === 'string')) return bytes;
  const copy = Object.freeze([...paths]);
  if (pathParts.length >= MAX_PATH_PARTS) pathParts.pop();
  pathParts.unshift({ paths: copy, bytes });
  return bytes;
}

function isSorted(paths: readonly string[]): boolean {
  for (let i = 1; i < paths.length; i += 1) if (paths[i - 1] > paths[i]) return false;
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Seals the `{ path: value }` map of one event in one AES-GCM operation; returns the base64 blob. */
export function seal(key: KeyObject, values: JsonObject, aad: Buffer): string {
  const iv = nextIv(); // a view into the pool: copied into `out` below, before the pool refills
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const head = cipher.update(JSON.stringify(values), 'utf8');
  const tail = cipher.final();
  const out = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + head.length + tail.length);
  iv.copy(out, 0);
  cipher.getAuthTag().copy(out, IV_BYTES);
  head.copy(out, IV_BYTES + TAG_BYTES);
  tail.copy(out, IV_BYTES + TAG_BYTES + head.length);
  return out.toString('base64');
}

/**
 * Opens a blob made by `seal`. Throws PersonalDataIntegrityError (naming `field`, never a value)
 * when it is malformed or fails authentication (tampered with, moved, or its path list edited).
 */
export function open(key: KeyObject, sealed: unknown, aad: Buffer, field: string): JsonObject {
  try {
    if (typeof sealed !== 'string') throw new Error('not a string');
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const head = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES));
    decipher.final(); // GCM: final() authenticates and yields no further bytes
    const values = JSON.parse(head.toString('utf8')) as JsonValue;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error('not a map');
    return values;
  } catch {
    throw new PersonalDataIntegrityError(field);
  }
}
