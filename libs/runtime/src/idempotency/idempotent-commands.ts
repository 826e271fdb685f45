import * as path from 'node:path';
import { type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { AuthenticatedUser, OperationObject } from '@wijkteam/auth';
import { Clock } from '@wijkteam/contracts';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig, dataDirectory } from '../config';
import { type Attempt, type Claim, IDEMPOTENCY_KEY, IdempotencyKeys, type StoredResponse } from './idempotency-keys';

/** The answer header of a replay: the command did not run again. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The headers of a first answer that a replay repeats. */
const REPLAYED_HEADERS = ['etag', 'location'];
const PRUNE_EVERY_MS = 3_600_000;

class IdempotencyRefusal extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly field: string | undefined = 'Idempotency-Key',
  ) {
    super(message);
    this.name = 'IdempotencyRefusal';
  }
}

const malformed = () => new IdempotencyRefusal('invalid_idempotency_key', 400, 'Idempotency-Key must be 16-64 characters of A-Z, a-z, 0-9, _ or - (a UUID fits)');
const notSupported = () => new IdempotencyRefusal('idempotency_key_not_supported', 400, 'Idempotency-Key is taken on authenticated commands only');
const reused = () => new IdempotencyRefusal('idempotency_key_reused', 422, 'Idempotency-Key was used for another request; use a new key');
const inProgress = () => new IdempotencyRefusal('idempotency_request_in_progress', 409, 'the first request with this Idempotency-Key is still being processed; retry shortly');
const unavailable = () => new IdempotencyRefusal('idempotency_store_unavailable', 503, 'idempotency keys cannot be checked now; retry shortly', undefined);

/**
 * `Idempotency-Key` on every command (POST, PUT, PATCH, DELETE; issue 17): a retry of a request
 * whose answer the client never got answers the first answer again, without running the command.
 * A key belongs to its user; with another body or route it is refused (422), while the first request
 * runs a second one is refused (409). Only a 2xx is kept: a refused command appended nothing, so a
 * retry may run it again. Runs after the guards: the user is known, an unauthenticated caller is 401.
 */
@Injectable()
export class IdempotentCommands implements NestInterceptor {
  private readonly logger = new Logger('IdempotentCommands');

  constructor(
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITE_METHODS.has(request.method)) return next.handle();
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) throw malformed();
    if (!request.user) throw notSupported();
    const keyed = { key: header, userId: request.user.userId, method: request.method, url: request.originalUrl, body: request.body as unknown };
    // Awaited, not piped: nothing that tears down the answer's subscription (a client gone away) may stop the answer being kept.
    return from(this.answer(this.keys.claim(keyed, this.clock.now()), next, context.switchToHttp().getResponse<Response>()));
  }

  private async answer(claiming: Promise<Claim>, next: CallHandler, response: Response): Promise<unknown> {
    const claim = await claiming.catch((error: unknown) => {
      this.logger.error({ errorType: error instanceof Error ? error.name : typeof error }, 'idempotency keys unavailable');
      throw unavailable();
    });
    switch (claim.kind) {
      case 'reused':
        throw reused();
      case 'in_progress':
        response.setHeader('Retry-After', '1');
        throw inProgress();
      case 'replay':
        response.status(claim.response.status);
        for (const [name, value] of Object.entries(claim.response.headers)) response.setHeader(name, value);
        response.setHeader(REPLAYED_HEADER, 'true');
        return claim.response.body;
      case 'new':
        return this.run(claim.attempt, next, response);
    }
  }

  private async run(attempt: Attempt, next: CallHandler, response: Response): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.release(attempt);
      throw error;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await this.release(attempt);
      return body;
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (response.hasHeader(name) ? [[name, String(response.getHeader(name))]] : [])));
    const stored: StoredResponse = { status: response.statusCode, headers, body: body === undefined ? null : (JSON.parse(JSON.stringify(body)) as unknown) };
    // The command is done: a failure to keep its answer must not turn its success into an error.
    await this.keys.complete(attempt, stored).catch(() => this.logger.warn('answer of an idempotent command not kept; a retry is refused until its lease ends'));
    return body;
  }

  private async release(attempt: Attempt): Promise<void> {
    await this.keys.release(attempt).catch(() => this.logger.warn('idempotency key of a failed request not released; it is free again after its lease'));
  }
}

/** Where a process keeps its keys: DATABASE_URL (shared by replicas), else its own SQLite file beside the store. */
export function idempotencyDatabaseUrl(config: AppConfig, service: string): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const directory = dataDirectory(config);
  return directory === undefined ? 'sqlite::memory:' : `sqlite:${path.join(directory, `idempotency-${service}.db`)}`;
}

@Injectable()
class IdempotencyKeysLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private pruning: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('IdempotencyKeys');

  constructor(
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.prune();
    this.pruning = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruning.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruning);
    await this.keys.close();
  }

  private async prune(): Promise<void> {
    await this.keys.prune(this.clock.now()).catch(() => this.logger.warn('pruning expired idempotency keys failed'));
  }
}

/** The runtime's providers of idempotent commands (the store opens before anything takes a request). */
export const idempotencyProviders = (service: string): Provider[] => [
  { provide: IdempotencyKeys, inject: [APP_CONFIG], useFactory: (config: AppConfig) => IdempotencyKeys.open(idempotencyDatabaseUrl(config, service), config.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000) },
  IdempotentCommands,
  IdempotencyKeysLifecycle,
];

/** The Idempotency-Key header and its answers in the OpenAPI document of every authenticated command. */
export function describeIdempotency(operation: OperationObject, method: string): void {
  if (!WRITE_METHODS.has(method.toUpperCase()) || operation.security?.length === 0) return;
  operation.parameters = [
    ...(operation.parameters ?? []),
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source, example: '0b6f5e1c-4a8e-4f7e-9d51-3f0c2a7b9e10' },
      description: `A random key (a UUID) that makes a retry safe: the same key with the same body answers the first answer again (\`${REPLAYED_HEADER}: true\`) without running the command; a key belongs to its user and is kept for IDEMPOTENCY_KEY_TTL_HOURS (24 h by default). Only a 2xx answer is kept.`,
    },
  ];
  const add = (status: string, text: string) => {
    const own = (operation.responses[status] as { description?: string } | undefined)?.description;
    operation.responses[status] = { description: own ? `${own} Or ${text}` : text };
  };
  add('400', 'invalid_idempotency_key: the Idempotency-Key header is malformed (`field` names it).');
  add('409', 'idempotency_request_in_progress: the first request with this Idempotency-Key is still running; nothing is appended.');
  add('422', 'idempotency_key_reused: the Idempotency-Key was used for another request (body or route); nothing is appended.');
}
