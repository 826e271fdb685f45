import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type KV, type NatsConnection, nuid } from 'nats';
import { MessagingConfigError } from '../handling/messaging-server';
import { sleep } from '../util/sleep';

export interface LeaseOptions {
  /** KV bucket holding one key per service. Default 'jeugd_relay_leases'. */
  bucket?: string;
  /** Entry lifetime when this replica creates the bucket; an existing bucket keeps its own TTL. Default 10 s. */
  ttlMs?: number;
  /** Identifies this replica in the bucket (no personal data). Default host-pid-random. */
  holderId?: string;
}

export const DEFAULT_LEASE_BUCKET = 'jeugd_relay_leases';
const DEFAULT_TTL_MS = 10_000;
/** We stop trusting our lease well before the server could expire it and hand it to another replica. */
const SAFETY_FRACTION = 0.7;

/**
 * One active relay per service across replicas: a key in a NATS KV bucket whose entries expire
 * (bucket TTL). The holder renews it with compare-and-set on the revision it wrote; the others try
 * `create`, which only succeeds once the entry expired or was released. The holder counts its lease
 * as valid for a fraction of the TTL from the moment it *sent* the last successful write, so by its
 * own clock it stops publishing before the server can let anyone else in.
 */
export class RelayLease {
  readonly holderId: string;
  private readonly bucketName: string;
  private kv: KV | undefined;
  private ttlMs: number;
  private revision: number | undefined;
  private validUntil = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly key: string,
    options: LeaseOptions = {},
  ) {
    this.bucketName = options.bucket ?? DEFAULT_LEASE_BUCKET;
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.holderId = options.holderId ?? `${hostname()}-${process.pid}-${nuid.next().slice(-6)}`;
  }

  /** How often to renew (and how often a follower tries to take over). */
  get intervalMs(): number {
    return Math.max(100, Math.floor(this.ttlMs / 5));
  }

  isHeld(): boolean {
    return this.revision !== undefined && performance.now() < this.validUntil;
  }

  /** One acquire-or-renew step; true when this replica holds the lease afterwards. */
  async tick(): Promise<boolean> {
    const sentAt = performance.now();
    try {
      const kv = await this.bucket();
      this.revision =
        this.revision === undefined ? await kv.create(this.key, this.holderId) : await kv.update(this.key, this.holderId, this.revision);
      this.validUntil = sentAt + this.ttlMs * SAFETY_FRACTION;
      return true;
    } catch (error) {
      if (error instanceof MessagingConfigError) throw error;
      if (isWrongLastSequence(error)) {
        // Someone else holds it (or the bucket was recreated under us): we are a follower now.
        this.revision = undefined;
        this.validUntil = 0;
        return false;
      }
      // NATS unreachable or the bucket gone: open it afresh next time, and keep our claim only until
      // our local validity runs out.
      this.kv = undefined;
      if (!this.isHeld()) this.revision = undefined;
      return this.isHeld();
    }
  }

  /** Ticks until aborted, reporting every change of who-holds-it to `onChange`. */
  async keep(signal: AbortSignal, onChange: (held: boolean) => void): Promise<void> {
    let held = false;
    while (!signal.aborted) {
      const now = await this.tick();
      if (now !== held) onChange((held = now));
      await sleep(this.intervalMs, signal);
    }
  }

  /** Gives the lease up at once (graceful stop), so a follower need not wait for the TTL. */
  async release(): Promise<void> {
    const revision = this.revision;
    this.revision = undefined;
    this.validUntil = 0;
    if (revision === undefined || !this.kv) return;
    await this.kv.delete(this.key, { previousSeq: revision }).catch(() => undefined);
  }

  /** The holder id stored in the bucket now, if any (tests, diagnostics). */
  async currentHolder(): Promise<string | undefined> {
    const entry = await (await this.bucket()).get(this.key);
    return entry && entry.operation === 'PUT' ? entry.string() : undefined;
  }

  private async bucket(): Promise<KV> {
    if (this.kv) return this.kv;
    const js = this.nc.jetstream({ timeout: Math.max(500, Math.floor(this.ttlMs / 4)) });
    const kv = await js.views.kv(this.bucketName, { ttl: this.ttlMs, history: 1 });
    const { ttl } = await kv.status();
    if (!ttl) throw new MessagingConfigError(`KV bucket ${this.bucketName} has no TTL: a dead relay's lease would never expire`);
    // An existing bucket decides the TTL; trusting our own setting could outlive the server's.
    this.ttlMs = Math.min(this.ttlMs, ttl);
    this.kv = kv;
    return kv;
  }
}

function isWrongLastSequence(error: unknown): boolean {
  return (error as { api_error?: { err_code?: number } } | null)?.api_error?.err_code === 10071;
}
