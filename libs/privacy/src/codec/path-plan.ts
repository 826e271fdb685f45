import type { JsonObject, JsonValue } from '@wijkteam/event-store';
import { PersonalDataIntegrityError } from '../errors';

/**
 * What the codec needs to know about one list of personal paths, worked out once per distinct list
 * instead of once per event: events of one type share one or a few lists, so encoding and decoding
 * an event no longer splits paths, sorts them, or builds the path part of the associated data.
 * The lists come from the policy (encode) or from the stored metadata (decode, untrusted: anything
 * malformed is refused here, before it can shape an object).
 */
export interface PathPlan {
  /** The list as given (policy order when encoding, the stored order when decoding). */
  readonly paths: readonly string[];
  /** For each path of `paths`, its index in the sorted list: the order of the sealed values array. */
  readonly sortedIndex: readonly number[];
  /** `|${JSON.stringify(sortedPaths)}`, the last part of the associated data (see field-cipher.ts). */
  readonly aadPaths: Buffer;
  /** The paths as a tree of object levels, for copying `data` with a value at each path. */
  readonly root: Level;
}

/** One object along the paths: its personal keys (leaves) and the keys leading further down. */
export interface Level {
  readonly leafKeys: readonly string[];
  /** Per leaf key, the index of its path in `PathPlan.paths`. */
  readonly leafIndex: readonly number[];
  /** Leaf key -> index in `PathPlan.paths`, for lookups by key. */
  readonly indexOf: ReadonlyMap<string, number>;
  readonly nestedKeys: readonly string[];
  readonly nested: readonly Level[];
  /** Nested key -> index in `nestedKeys`. */
  readonly nestedIndexOf: ReadonlyMap<string, number>;
}

/** Named by an integrity error: the one blob holds all paths, so no single field can be blamed. */
export const SEALED_FIELD = 'metadata.pii.sealed';

const plans: PathPlan[] = [];
const MAX_PLANS = 64;

/**
 * The plan of a path list; element-wise comparison against the few lists seen (no key string is
 * built per event). Throws PersonalDataIntegrityError for a list that is not one of distinct,
 * non-overlapping dotted paths: such metadata was not written by the codec.
 */
export function planOf(paths: readonly unknown[]): PathPlan {
  for (let i = 0; i < plans.length; i += 1) {
    const plan = plans[i];
    if (sameList(plan.paths, paths)) return plan;
  }
  const plan = makePlan(paths);
  if (plans.length >= MAX_PLANS) plans.pop();
  plans.unshift(plan);
  return plan;
}

function makePlan(given: readonly unknown[]): PathPlan {
  if (!given.every((path): path is string => typeof path === 'string' && path.length > 0)) throw new PersonalDataIntegrityError(SEALED_FIELD);
  const paths = Object.freeze([...given]);
  const sorted = [...paths].sort();
  const sortedIndex = paths.map((path) => sorted.indexOf(path));
  return Object.freeze({ paths, sortedIndex: Object.freeze(sortedIndex), aadPaths: Buffer.from(`|${JSON.stringify(sorted)}`), root: levelOf(paths) });
}

interface Building {
  leafKeys: string[];
  leafIndex: number[];
  nestedKeys: string[];
  nested: Building[];
}

function levelOf(paths: readonly string[]): Level {
  const root: Building = { leafKeys: [], leafIndex: [], nestedKeys: [], nested: [] };
  paths.forEach((path, index) => {
    const parts = path.split('.');
    if (parts.some((part) => part === '')) throw new PersonalDataIntegrityError(SEALED_FIELD);
    let level = root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      // A path through another path's value (or the same path twice) cannot come from the codec.
      if (level.leafKeys.includes(parts[i])) throw new PersonalDataIntegrityError(SEALED_FIELD);
      const at = level.nestedKeys.indexOf(parts[i]);
      if (at >= 0) level = level.nested[at];
      else {
        const next: Building = { leafKeys: [], leafIndex: [], nestedKeys: [], nested: [] };
        level.nestedKeys.push(parts[i]);
        level.nested.push(next);
        level = next;
      }
    }
    const leaf = parts[parts.length - 1];
    if (level.leafKeys.includes(leaf) || level.nestedKeys.includes(leaf)) throw new PersonalDataIntegrityError(SEALED_FIELD);
    level.leafKeys.push(leaf);
    level.leafIndex.push(index);
  });
  return freeze(root);
}

function freeze(level: Building): Level {
  return Object.freeze({
    leafKeys: Object.freeze(level.leafKeys),
    leafIndex: Object.freeze(level.leafIndex),
    indexOf: new Map(level.leafKeys.map((key, i) => [key, level.leafIndex[i]])),
    nestedKeys: Object.freeze(level.nestedKeys),
    nested: Object.freeze(level.nested.map(freeze)),
    nestedIndexOf: new Map(level.nestedKeys.map((key, i) => [key, i])),
  });
}

function sameList(a: readonly string[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A copy of `data` with `valueOf(index)` at each path of the level (index into the plan's paths).
 * Copies only the objects along the paths, once each; the input is never modified (a store may hand
 * out the same object twice). Keys keep their order; a path missing from `data` is added at the end
 * (a missing or non-object parent becomes `{}`), as the values were sealed, so they are shown.
 */
export function copyWithValues(data: JsonObject, level: Level, valueOf: (index: number) => JsonValue): JsonObject {
  const copy = shallowCopy(data);
  const { leafKeys, leafIndex, nestedKeys, nested } = level;
  for (let i = 0; i < leafKeys.length; i += 1) put(copy, leafKeys[i], valueOf(leafIndex[i]));
  for (let i = 0; i < nestedKeys.length; i += 1) {
    const child = copy[nestedKeys[i]];
    put(copy, nestedKeys[i], copyWithValues(isObject(child) ? child : {}, nested[i], valueOf));
  }
  return copy;
}

/**
 * A copy of `data` without the level's personal keys: what the store keeps in `data` for a sealed
 * event (the values are in the blob). Copies only the objects along the paths, never modifies `data`,
 * and builds each copy key by key rather than deleting from a spread (a `delete` would turn the copy
 * into a slow dictionary object that every later stringify pays for). An object along the paths
 * stays, emptied of its personal keys (`contact: {}` when the phone was its only field): the shape of
 * the event is still visible to readers without keys, together with `metadata.pii.paths`.
 */
export function copyWithout(data: JsonObject, level: Level): JsonObject {
  const copy: JsonObject = {};
  const { indexOf, nestedIndexOf, nested } = level;
  for (const key in data) {
    if (!Object.prototype.hasOwnProperty.call(data, key) || indexOf.has(key)) continue;
    const at = nestedIndexOf.get(key);
    const value = data[key];
    put(copy, key, at !== undefined && isObject(value) ? copyWithout(value, nested[at]) : value);
  }
  return copy;
}

/**
 * `{ ...data }`, built key by key from an empty object. A spread is quicker on its own, but its copy
 * gets a map of its own in V8, and adding a key to it afterwards (the personal keys, which the stored
 * row no longer holds) cost ~2.5 µs per event; added to a copy built this way they cost ~0.03 µs.
 */
export function shallowCopy(data: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key in data) if (Object.prototype.hasOwnProperty.call(data, key)) put(copy, key, data[key]);
  return copy;
}

/** Plain assignment, except that a key `__proto__` (valid per the policy's syntax) stays an own property. */
export function put(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
