import { createSecretKey, type KeyObject } from 'node:crypto';
import { PrivacyError, KeyStoreUnavailable } from '../errors';
import type { SubjectKey, SubjectKeyStore } from './subject-key-store';

/**
 * A subject key as the ring hands it out: the material turned once into a KeyObject
 * (`createSecretKey`), so each encryption does not import raw bytes again, and the raw bytes are not
 * kept in the cache.
 */
export interface RingKey {
  keyId: string;
  subjectId: string;
  secret: KeyObject;
}

export interface KeyRingOptions {
  /**
   * How long an unwrapped key stays in memory. Erasure in this process evicts at once; another
   * process that erased a subject is noticed here after at most this long. Default 60 s.
   */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  key: RingKey | 'destroyed';
  expires: number;
}

/**
 * The codec's and the erasure's one view of the key store: a small cache in front of it, so a
 * replay does not pay a key store round trip (and an unwrap) per event. One KeyRing per process,
 * shared by the codec and SubjectErasure, so that erasing evicts what the codec holds.
 * Bounded (`maxEntries`, oldest out first) and every entry expires after `ttlMs`.
 */
export class KeyRing {
  private readonly byKeyId = new Map<string, Entry>();
  private readonly keyIdBySubject = new Map<string, string>();
  /**
   * Lookups under way: a batch of 100 events of one subject on a cold cache makes one key store call
   * (and one unwrap), not 100. Entries are removed when the call settles, success or failure.
   */
  private readonly pendingBySubject = new Map<string, Promise<RingKey>>();
  private readonly pendingById = new Map<string, Promise<RingKey | 'destroyed'>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly store: SubjectKeyStore,
    options: KeyRingOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async keyForSubject(subjectId: string): Promise<RingKey> {
    const cached = this.peekSubject(subjectId);
    if (cached) return cached;
    return this.once(this.pendingBySubject, subjectId, async () => this.remember(await this.call(() => this.store.keyForSubject(subjectId))));
  }

  /** Synchronous fast path for encoding: the subject's cached live key, or undefined when it must be fetched. */
  peekSubject(subjectId: string): RingKey | undefined {
    const keyId = this.keyIdBySubject.get(subjectId);
    const cached = keyId === undefined ? undefined : this.peek(keyId);
    return cached === 'destroyed' ? undefined : cached;
  }

  /** Synchronous fast path for decoding: the cached key, or undefined when it must be fetched. */
  peek(keyId: string): RingKey | 'destroyed' | undefined {
    const entry = this.byKeyId.get(keyId);
    if (!entry) return undefined;
    if (entry.expires < this.now()) {
      this.byKeyId.delete(keyId);
      if (entry.key !== 'destroyed' && this.keyIdBySubject.get(entry.key.subjectId) === keyId) this.keyIdBySubject.delete(entry.key.subjectId);
      return undefined;
    }
    return entry.key;
  }

  /** The key, or 'destroyed'. A key id this store never issued is a 503, not an erasure (see codec). */
  async keyById(keyId: string): Promise<RingKey | 'destroyed'> {
    const cached = this.peek(keyId);
    if (cached) return cached;
    return this.once(this.pendingById, keyId, async () => {
      const key = await this.call(() => this.store.keyById(keyId));
      if (key === undefined) throw new KeyStoreUnavailable('unknown_key');
      if (key === 'destroyed') {
        this.rememberDestroyed(keyId);
        return 'destroyed';
      }
      return this.remember(key);
    });
  }

  /** Joins a lookup already under way for the same id, or starts one. */
  private once<T>(pending: Map<string, Promise<T>>, id: string, lookup: () => Promise<T>): Promise<T> {
    const running = pending.get(id);
    if (running) return running;
    const started = lookup().finally(() => pending.delete(id));
    pending.set(id, started);
    return started;
  }

  async destroySubject(subjectId: string, at: Date): Promise<string[]> {
    const keyIds = await this.call(() => this.store.destroyKeysOf(subjectId, at));
    this.keyIdBySubject.delete(subjectId);
    this.pendingBySubject.delete(subjectId);
    for (const keyId of keyIds) this.pendingById.delete(keyId);
    for (const keyId of keyIds) this.rememberDestroyed(keyId);
    return keyIds;
  }

  ping(): Promise<void> {
    return this.call(() => this.store.ping());
  }

  private remember(key: SubjectKey): RingKey {
    // createSecretKey copies the bytes; the store's buffer is left to it (it may be shared).
    const ringKey: RingKey = { keyId: key.keyId, subjectId: key.subjectId, secret: createSecretKey(key.material) };
    this.set(key.keyId, { key: ringKey, expires: this.now() + this.ttlMs });
    this.keyIdBySubject.set(key.subjectId, key.keyId);
    return ringKey;
  }

  /** Destruction is final: no need to ask the store again. */
  private rememberDestroyed(keyId: string): void {
    this.set(keyId, { key: 'destroyed', expires: Number.POSITIVE_INFINITY });
  }

  private set(keyId: string, entry: Entry): void {
    // Re-insert at the end, so a refreshed key is the newest and does not push out another.
    this.byKeyId.delete(keyId);
    if (this.byKeyId.size >= this.maxEntries) {
      const [oldest, evicted] = this.byKeyId.entries().next().value ?? [];
      if (oldest !== undefined) this.byKeyId.delete(oldest);
      if (evicted && evicted.key !== 'destroyed' && this.keyIdBySubject.get(evicted.key.subjectId) === oldest) this.keyIdBySubject.delete(evicted.key.subjectId);
    }
    this.byKeyId.set(keyId, entry);
  }

  /** Whatever an injected store throws becomes a 503 with a fixed message, never its own text. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PrivacyError) throw error;
      throw new KeyStoreUnavailable('unreachable', { cause: error });
    }
  }
}
