import type { JsonObject, JsonValue } from '@wijkteam/event-store';
import { PersonalDataIntegrityError } from '../errors';
import type { RingKey } from '../keys/key-ring';
import { associatedDataOf, open, sealedMarker } from './field-cipher';
import { isObject, type Level, type PathPlan, put, SEALED_FIELD, shallowCopy } from './path-plan';

/**
 * One event's sealed blob, opened on first use and remembered for that event only. A failure is
 * remembered too and thrown again on every read: fail closed, never a half-decoded event.
 */
export class LazyBlob {
  private values: JsonValue[] | undefined;
  private failure: Error | undefined;

  constructor(
    private key: RingKey | undefined,
    private readonly eventId: string,
    /** The subject the associated data binds (see openEvent). */
    private readonly subjectId: string,
    private sealed: unknown,
    private readonly plan: PathPlan,
  ) {}

  /** The value of path `index` (an index into the plan's paths). */
  valueAt(index: number): JsonValue {
    const values = this.values ?? this.open();
    const value = values[index];
    // `seal` writes every listed path and the blob is authenticated, so this is only defensive.
    return value === undefined ? sealedMarker() : value;
  }

  private open(): JsonValue[] {
    if (this.failure) throw this.failure;
    const key = this.key as RingKey;
    const { plan } = this;
    try {
      const opened = open(key.secret, this.sealed, associatedDataOf(this.eventId, key.keyId, this.subjectId, plan.aadPaths), SEALED_FIELD);
      this.values = valuesInPathOrder(opened, plan);
    } catch (error) {
      this.failure = error instanceof PersonalDataIntegrityError ? error : new PersonalDataIntegrityError(SEALED_FIELD);
      throw this.failure;
    }
    // not needed any more: the event keeps its values, not the key or the ciphertext
    this.key = undefined;
    this.sealed = undefined;
    return this.values;
  }
}

/**
 * The opened values aligned with the plan's paths. The blob holds them as an array in sorted-path
 * order (or, written before that format, as a `{ path: value }` map); both are authenticated.
 */
export function valuesInPathOrder(opened: JsonValue, plan: PathPlan): JsonValue[] {
  const { paths, sortedIndex } = plan;
  const values = new Array<JsonValue>(paths.length);
  if (Array.isArray(opened)) {
    if (opened.length !== paths.length) throw new PersonalDataIntegrityError(SEALED_FIELD);
    for (let i = 0; i < paths.length; i += 1) values[i] = opened[sortedIndex[i]];
  } else if (isObject(opened)) {
    for (let i = 0; i < paths.length; i += 1) values[i] = opened[paths[i]];
  } else throw new PersonalDataIntegrityError(SEALED_FIELD);
  return values;
}

/**
 * Stands in a lazy object's copy for a personal value not read yet. Module-private and frozen; it is
 * the stored marker's shape, so anything that inspects the copy itself (a debugger, `util.inspect`,
 * which does not go through the proxy's traps) sees a marker, never plaintext.
 */
const SEALED: JsonValue = Object.freeze({ $pii: true });
/** Answered only by a lazy object's proxy: how the shared accessors below find the object's view. */
const VIEW = Symbol('personal-data-view');

/**
 * `data` (or an object along the paths) as the caller sees it: a Proxy over a shallow copy in which
 * each personal key holds SEALED. Reading such a key opens the event's blob (once per event) and
 * returns the value; every other key reads straight from the copy. The proxy reports the personal
 * keys as own, enumerable accessors, as the decoded events did before, so `Object.keys`, spread,
 * `JSON.stringify` and deep equality see them (and read them, which decrypts) while a walk over the
 * keys alone does not decrypt. Assigning or defining a key writes the copy, never the stored event.
 * An object further along the paths (`contact` for `contact.phone`) gets its own view when it is
 * first reached; until then the copy holds the stored object, which never leaves this module.
 *
 * Why a Proxy: defining an accessor per personal path cost ~1.5 µs per event (one defineProperty
 * runtime call each, plus the bookkeeping to find the blob), more than everything else the codec
 * does for an event that is never read in full; a proxy and a copy cost a few allocations.
 */
class LazyFields implements ProxyHandler<JsonObject> {
  proxy!: JsonObject;

  constructor(
    private readonly blob: LazyBlob,
    private readonly level: Level,
    /** The stored object this view copies: tells an object along the paths not reached yet. */
    private readonly stored: JsonObject,
  ) {}

  get(target: JsonObject, key: string | symbol, receiver: unknown): unknown {
    const value: unknown = Reflect.get(target, key, receiver);
    if (value === SEALED) return this.blob.valueAt(this.level.indexOf.get(key as string) as number);
    if (typeof value === 'object') return value !== null && this.isPending(key, value) ? this.reach(target, key as string) : value;
    if (value === undefined && key === VIEW) return this;
    return value;
  }

  set(target: JsonObject, key: string | symbol, value: unknown, receiver: unknown): boolean {
    // On this object, a plain assignment to the copy (without the trap, the proxy's accessor-shaped
    // descriptor would make the assignment fail); on an object inheriting from it, the usual rules.
    return receiver === this.proxy ? Reflect.set(target, key, value) : Reflect.set(target, key, value, receiver);
  }

  getOwnPropertyDescriptor(target: JsonObject, key: string | symbol): PropertyDescriptor | undefined {
    const own = Reflect.getOwnPropertyDescriptor(target, key);
    if (own === undefined) return own;
    if (own.value === SEALED) return accessorOf(key as string);
    if (this.isPending(key, own.value)) {
      this.reach(target, key as string);
      return Reflect.getOwnPropertyDescriptor(target, key);
    }
    return own;
  }

  defineProperty(target: JsonObject, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    // Changing only attributes (not the value) of a key that stands in for something: it must become
    // real first, or the proxy would report a value or attributes the copy does not have.
    if (!('value' in descriptor) && !('get' in descriptor) && !('set' in descriptor) && typeof key === 'string') this.settle(target, key);
    return Reflect.defineProperty(target, key, descriptor);
  }

  preventExtensions(target: JsonObject): boolean {
    // Object.freeze/seal start here: fixing the attributes needs real values (reads them: decrypts).
    for (const key of this.level.leafKeys) this.settle(target, key);
    for (const key of this.level.nestedKeys) this.settle(target, key);
    return Reflect.preventExtensions(target);
  }

  /** The value at `key` as the accessor would answer (may throw the integrity error). */
  read(key: string): unknown {
    return this.proxy[key];
  }

  /** Is `value` (found at `key` in the copy) the stored object of a key further along the paths? */
  private isPending(key: string | symbol, value: unknown): boolean {
    return value === this.stored[key as string] && this.level.nestedIndexOf.has(key as string);
  }

  /** The view of the object at nested `key`, made now and kept in the copy. */
  private reach(target: JsonObject, key: string): JsonObject {
    const index = this.level.nestedIndexOf.get(key) as number;
    const view = lazyView(target[key] as JsonObject, this.level.nested[index], this.blob);
    put(target, key, view);
    return view;
  }

  /** Replaces a stand-in at `key` (sealed value or unreached object) by what it stands for. */
  private settle(target: JsonObject, key: string): void {
    const own = Reflect.getOwnPropertyDescriptor(target, key);
    if (own === undefined) return;
    if (own.value === SEALED) put(target, key, this.blob.valueAt(this.level.indexOf.get(key) as number));
    else if (this.isPending(key, own.value)) this.reach(target, key);
  }
}

/**
 * One descriptor per key name, shared by every lazy object: the getter finds the object's view
 * through the proxy. Called on anything else, it refuses rather than guesses. Bounded: policies have
 * few keys.
 */
const accessors = new Map<string, PropertyDescriptor>();
const MAX_ACCESSORS = 1_000;

function accessorOf(key: string): PropertyDescriptor {
  let accessor = accessors.get(key);
  if (accessor !== undefined) return accessor;
  accessor = {
    enumerable: true,
    configurable: true,
    get(this: unknown): unknown {
      const view = viewOf(this);
      if (view === undefined) throw new PersonalDataIntegrityError(SEALED_FIELD);
      return view.read(key);
    },
    set(this: unknown, value: JsonValue) {
      if (viewOf(this) !== undefined) (this as JsonObject)[key] = value;
      else Object.defineProperty(this, key, { value, enumerable: true, writable: true, configurable: true });
    },
  };
  if (accessors.size >= MAX_ACCESSORS) accessors.clear();
  accessors.set(key, accessor);
  return accessor;
}

function viewOf(object: unknown): LazyFields | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const view: unknown = (object as { [VIEW]?: unknown })[VIEW];
  return view instanceof LazyFields ? view : undefined;
}

/**
 * The lazily decoded copy of `data` for `level` (the plan's root, or an object along the paths):
 * personal keys hold SEALED until read, objects further along the paths get their views when
 * reached. Like `copyWithValues`, copies only the objects along the paths and never modifies `data`.
 */
export function lazyView(data: JsonObject, level: Level, blob: LazyBlob): JsonObject {
  const copy = shallowCopy(data);
  const { leafKeys, nestedKeys, nested } = level;
  for (let i = 0; i < leafKeys.length; i += 1) put(copy, leafKeys[i], SEALED);
  // A missing or non-object parent: shown as `{}` holding the sealed paths, made at once (rare).
  for (let i = 0; i < nestedKeys.length; i += 1) if (!isObject(copy[nestedKeys[i]])) put(copy, nestedKeys[i], lazyView({}, nested[i], blob));
  const view = new LazyFields(blob, level, data);
  view.proxy = new Proxy(copy, view);
  return view.proxy;
}
