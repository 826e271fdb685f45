import { createCipheriv, createDecipheriv, type KeyObject, randomFillSync } from 'node:crypto';
import type { JsonObject, JsonValue } from '@wijkteam/event-store';
import { PersonalDataIntegrityError } from '../errors';
import { planOf } from './path-plan';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * IVs come from a pool filled by the CSPRNG in one call per 512 IVs: a `randomBytes(12)` per event
 * cost about as much as the encryption itself. Each 12-byte slice is handed out once (random 96-bit
 * IVs, as before; the pool only batches the calls). The pool holds nothing secret.
 */
const IV_POOL_IVS = 512;
const ivPool = Buffer.alloc(IV_BYTES * IV_POOL_IVS);
/** One view per slice, made once: the pool is refilled in place, so the views stay valid. */
const ivViews = Array.from({ length: IV_POOL_IVS }, (_, i) => ivPool.subarray(i * IV_BYTES, (i + 1) * IV_BYTES));
let ivNext = IV_POOL_IVS;

function nextIv(): Buffer {
  if (ivNext === IV_POOL_IVS) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  const iv = ivViews[ivNext];
  ivNext += 1;
  return iv;
}

/**
 * Stored format (one AES-256-GCM operation per event, not one per field):
 * - `metadata.pii.sealed` = base64(iv | tag | ciphertext), the ciphertext being AES-256-GCM over
 *   ONE `JSON.stringify` of the values of all the event's personal paths, as an array in the order
 *   of the sorted path list (the order the associated data binds; events written before this format
 *   hold a `{ [path]: value }` map instead, which is still read). The array spells no path names,
 *   so the blob is smaller and quicker to seal, store, read and parse;
 * - `metadata.pii.{keyId, alg, paths}` say which key and which paths; decoding follows the stored
 *   paths, not today's policy. `paths` is also what tells a reader without keys (audit, reporting)
 *   that a name or an address was recorded;
 * - `data` holds every non-personal fact where it was, in the clear (ids, codes, ETM scores, the
 *   `preferredChannel` beside a sealed `contact.phone`), and no personal path at all. An object along
 *   a path stays, without its personal keys.
 * Rows written by the earlier layout (before 2026-11-23) also hold `metadata.pii.subjectId` and a
 * marker `{ "$pii": true }` at each personal path in `data`; they are read as before (the markers are
 * replaced by the values, and the stored subject is the one the associated data binds). Without the
 * markers and the subject a row is about a quarter smaller, and a non-personal replay of the raw
 * rows no longer pays for parsing five small objects per event: in bench:privacy the stored format
 * alone went from 0.73-0.75x to 0.78-1.17x of unencrypted rows (six full runs, median 0.86).
 * After erasure, reads show `{ "$erased": true }` at each path.
 */
export interface SealedValue {
  $pii: true;
}
export interface ErasedValue {
  $erased: true;
}
export const ERASED: ErasedValue = Object.freeze({ $erased: true }) as ErasedValue;

/** The marker the earlier format left in `data` at a sealed path (and a lazy view shows before a read). */
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
  let aadPaths: Buffer;
  try {
    aadPaths = planOf(paths).aadPaths;
  } catch {
    // A list the codec would refuse to decode (overlapping paths, ...): still its bytes, uncached.
    aadPaths = Buffer.from(`|${JSON.stringify([...paths].sort())}`);
  }
  return Buffer.from(associatedDataOf(eventId, keyId, subjectId, aadPaths));
}

/**
 * Same bytes as `wijkteam-pii-v2|${id}|${keyId}|${subjectId}|${JSON.stringify(sortedPaths)}`, built
 * from cached pieces: everything after the event id repeats across the events of a subject and type
 * (`aadPaths` comes from the path plan), so per event only the id is encoded.
 * The result is a view of a buffer that the next call overwrites: pass it straight to `seal` or
 * `open` (which hand it to the cipher at once), or copy it. It holds ids and path names only.
 */
export function associatedDataOf(eventId: string, keyId: string, subjectId: string, aadPaths: Buffer): Buffer {
  const id = eventId.toLowerCase();
  const tail = tailOf(keyId, subjectId, aadPaths);
  const idBytes = Buffer.byteLength(id);
  const length = AAD_PREFIX.length + idBytes + tail.length;
  // A fresh buffer only for an id far longer than a UUID (never from the store, which checks ids).
  const aad = length <= aadScratch.length ? aadScratch : Buffer.concat([AAD_PREFIX], length);
  aad.write(id, AAD_PREFIX.length, idBytes, 'utf8');
  aad.set(tail, AAD_PREFIX.length + idBytes);
  return aad === aadScratch ? aadViewOf(length) : aad;
}

const AAD_PREFIX = Buffer.from('wijkteam-pii-v2|');
/**
 * The associated data is built here rather than in a new buffer per event: small buffers come from
 * Node's 8 KB pool, whose refills (a new ArrayBuffer every few dozen events) showed up in profiles.
 */
const aadScratch = Buffer.allocUnsafeSlow(4096);
AAD_PREFIX.copy(aadScratch, 0);
/** Views of the scratch buffer by length (a UUID id gives one length per key and path list). */
const aadViews = new Map<number, Buffer>();

function aadViewOf(length: number): Buffer {
  let view = aadViews.get(length);
  if (view === undefined) {
    if (aadViews.size >= 256) aadViews.clear();
    view = aadScratch.subarray(0, length);
    aadViews.set(length, view);
  }
  return view;
}

/**
 * Ids and pseudonyms only (no key material): `|${keyId}|${subjectId}${aadPaths}` as bytes, per key
 * id and path list. A key has one subject and serves a few event types (path lists). Bounded.
 */
interface Tails {
  subjectId: string;
  byPaths: { aadPaths: Buffer; tail: Buffer }[];
}
const tails = new Map<string, Tails>();
const MAX_TAIL_KEYS = 10_000;
const MAX_TAILS_PER_KEY = 16;

function tailOf(keyId: string, subjectId: string, aadPaths: Buffer): Buffer {
  let entry = tails.get(keyId);
  if (entry === undefined || entry.subjectId !== subjectId) {
    if (tails.size >= MAX_TAIL_KEYS) tails.clear();
    entry = { subjectId, byPaths: [] };
    tails.set(keyId, entry);
  }
  const { byPaths } = entry;
  for (let i = 0; i < byPaths.length; i += 1) if (byPaths[i].aadPaths === aadPaths) return byPaths[i].tail;
  const tail = Buffer.concat([Buffer.from(`|${keyId}|${subjectId}`), aadPaths]);
  if (byPaths.length >= MAX_TAILS_PER_KEY) byPaths.pop();
  byPaths.unshift({ aadPaths, tail });
  return tail;
}

/** Seals the JSON of one event's personal values in one AES-GCM operation; returns the base64 blob. */
export function seal(key: KeyObject, plaintext: string, aad: Buffer): string {
  const iv = nextIv(); // a view into the pool: copied into `out` below, before the pool refills
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const head = cipher.update(plaintext, 'utf8');
  const tail = cipher.final();
  const length = IV_BYTES + TAG_BYTES + head.length + tail.length;
  // Assembled in a scratch buffer (ciphertext only, never plaintext) and encoded from there.
  const out = length <= sealScratch.length ? sealScratch : Buffer.allocUnsafe(length);
  out.set(iv, 0);
  out.set(cipher.getAuthTag(), IV_BYTES);
  out.set(head, IV_BYTES + TAG_BYTES);
  out.set(tail, IV_BYTES + TAG_BYTES + head.length);
  return out.toString('base64', 0, length);
}

const sealScratch = Buffer.allocUnsafeSlow(16 * 1024);

/**
 * Where `open` decodes a blob: one buffer reused for every blob that fits (personal values are
 * small; a larger blob gets its own buffer). Safe because `open` is synchronous and the decipher
 * copies the IV and tag and reads the ciphertext before it returns; the buffer only ever holds
 * ciphertext, IV and tag, never plaintext. The IV and tag views are made once.
 */
const SCRATCH_BYTES = 16 * 1024;
const scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
const scratchIv = scratch.subarray(0, IV_BYTES);
const scratchTag = scratch.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);

/**
 * Opens a blob made by `seal` and parses its JSON. Throws PersonalDataIntegrityError (naming
 * `field`, never a value) when it is malformed or fails authentication (tampered with, moved, or its
 * path list edited).
 */
export function open(key: KeyObject, sealed: unknown, aad: Buffer, field: string): JsonValue {
  try {
    if (typeof sealed !== 'string') throw new Error('not a string');
    let raw = scratch;
    let iv = scratchIv;
    let tag = scratchTag;
    let length: number;
    // base64 of n bytes has at most 4 * ceil(n / 3) characters, so this bounds the decoded length
    if (sealed.length <= (SCRATCH_BYTES / 3) * 4 - 4) length = scratch.write(sealed, 0, SCRATCH_BYTES, 'base64');
    else {
      raw = Buffer.from(sealed, 'base64');
      length = raw.length;
      iv = raw.subarray(0, IV_BYTES);
      tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    }
    if (length < IV_BYTES + TAG_BYTES) throw new Error('too short');
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const head = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES, length));
    decipher.final(); // GCM: final() authenticates and yields no further bytes
    return JSON.parse(head.toString('utf8')) as JsonValue;
  } catch {
    throw new PersonalDataIntegrityError(field);
  }
}
