import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { openProjectionDatabase } from '@wijkteam/projections';
import { type DataSource, EntitySchema, LessThan } from 'typeorm';

/**
 * A command's `Idempotency-Key` (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): 16–64
 * characters of A–Z a–z 0–9 _ -, a UUID fits. At least 16, because the key is also what encrypts
 * the stored answer: a client should send a random UUID.
 */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * How long a first request may take before its key counts as abandoned (its process stopped
 * mid-request) and a retry may run the command: far beyond any command, and beyond Node's own
 * request timeout (300 s), so a slow first request is never run twice.
 */
export const IN_PROGRESS_LEASE_MS = 360_000;

/** One command request as its key identifies it: whose, which key, and what exactly was asked. */
export interface KeyedRequest {
  key: string;
  userId: string;
  method: string;
  /** Path and query, as requested. */
  url: string;
  body: unknown;
}

/** What a replay answers again: the first answer's status, its ETag and Location, and its body. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The first time the key is seen: the caller runs the command and completes or releases `attempt`. */
export interface Attempt {
  id: string;
  attempt: string;
  secret: Buffer;
}

export type Claim =
  | { kind: 'new'; attempt: Attempt }
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for another request (body, route): 422, nothing run. */
  | { kind: 'reused' }
  /** The first request with this key is still running: 409, nothing run. */
  | { kind: 'in_progress' };

/**
 * Nothing a client sent is stored in the clear: the row's id is derived from the user and the key,
 * the request is a keyed hash, and the answer (command answers may hold personal data: a plan's
 * goals, a meldcode note) is AES-256-GCM under a key derived from the Idempotency-Key itself, which
 * only the client holds.
 */
export interface IdempotencyKeyRow {
  id: string;
  fingerprint: string;
  attempt: string;
  state: 'processing' | 'completed';
  response: string | null;
  createdAt: string;
  expiresAt: string;
  lockedUntil: string;
}

export const HttpIdempotencyKeys = new EntitySchema<IdempotencyKeyRow>({
  name: 'http_idempotency_keys',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    fingerprint: { type: 'varchar', length: 64 },
    attempt: { type: 'varchar', length: 36 },
    state: { type: 'varchar', length: 16 },
    response: { type: 'text', nullable: true },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    expiresAt: { type: 'varchar', length: 32, name: 'expires_at' },
    lockedUntil: { type: 'varchar', length: 32, name: 'locked_until' },
  },
  indices: [{ name: 'http_idempotency_keys_expiry', columns: ['expiresAt'] }],
});

const derive = (secret: Buffer, purpose: string): Buffer => createHmac('sha256', secret).update(purpose).digest();

/** Stable JSON (keys sorted): the same body in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The store of idempotency keys, a table owned by the runtime in the service's read-model database
 * (SQLite beside the store, or PostgreSQL shared by replicas when DATABASE_URL is set). Each step
 * is one statement, so two replicas, or two requests of one, never both win a key.
 */
export class IdempotencyKeys {
  private constructor(
    readonly db: DataSource,
    private readonly ttlMs: number,
  ) {}

  static async open(url: string, ttlMs: number): Promise<IdempotencyKeys> {
    return new IdempotencyKeys(await openProjectionDatabase(url, [HttpIdempotencyKeys]), ttlMs);
  }

  async claim(request: KeyedRequest, now: Date): Promise<Claim> {
    const secret = Buffer.from(hkdfSync('sha256', request.key, request.userId, 'wijkteam http idempotency key', 32));
    const id = derive(secret, 'id').toString('hex');
    const fingerprint = createHmac('sha256', derive(secret, 'fingerprint')).update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`).digest('hex');
    // A key the request failed to win because a first attempt released it meanwhile is tried again, a few times.
    for (let round = 0; round < 3; round += 1) {
      const attempt = randomUUID();
      const fresh: IdempotencyKeyRow = {
        id,
        fingerprint,
        attempt,
        state: 'processing',
        response: null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
        lockedUntil: new Date(now.getTime() + IN_PROGRESS_LEASE_MS).toISOString(),
      };
      await this.db.createQueryBuilder().insert().into(HttpIdempotencyKeys).values(fresh).orIgnore().execute();
      // An expired key, or one whose first request was abandoned, is taken over as new.
      await this.db
        .createQueryBuilder()
        .update(HttpIdempotencyKeys)
        .set(fresh)
        .where('id = :id AND attempt <> :attempt', { id, attempt })
        .andWhere("(expires_at <= :now OR (state = 'processing' AND locked_until <= :now))", { now: fresh.createdAt })
        .execute();
      const row = await this.db.manager.findOneBy(HttpIdempotencyKeys, { id });
      if (!row) continue;
      if (row.attempt === attempt) return { kind: 'new', attempt: { id, attempt, secret } };
      if (row.fingerprint !== fingerprint) return { kind: 'reused' };
      if (row.state === 'processing' || row.response === null) return { kind: 'in_progress' };
      return { kind: 'replay', response: open(secret, id, row.response) };
    }
    return { kind: 'in_progress' };
  }

  /** Keeps the answer of a command that succeeded, for replays until the key expires. */
  async complete({ id, attempt, secret }: Attempt, response: StoredResponse): Promise<void> {
    await this.db.manager.update(HttpIdempotencyKeys, { id, attempt }, { state: 'completed', response: seal(secret, id, response) });
  }

  /** Forgets the key of a request that failed: nothing was appended, a retry runs the command anew. */
  async release({ id, attempt }: Attempt): Promise<void> {
    await this.db.manager.delete(HttpIdempotencyKeys, { id, attempt, state: 'processing' });
  }

  /** Deletes the keys expired at `now`. */
  async prune(now: Date): Promise<number> {
    const result = await this.db.manager.delete(HttpIdempotencyKeys, { expiresAt: LessThan(now.toISOString()) });
    return result.affected ?? 0;
  }

  async close(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

function seal(secret: Buffer, id: string, response: StoredResponse): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(secret, 'response'), iv).setAAD(Buffer.from(id));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function open(secret: Buffer, id: string, stored: string): StoredResponse {
  const bytes = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', derive(secret, 'response'), bytes.subarray(0, 12)).setAAD(Buffer.from(id));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as StoredResponse;
}
