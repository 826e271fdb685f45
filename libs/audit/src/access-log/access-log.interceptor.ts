import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, Optional } from '@nestjs/common';
import { isUuid } from '@wijkteam/contracts';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { concatMap, type Observable } from 'rxjs';
import { AccessLog } from './access-log';
import { AccessLogBook } from './access-log-book';
import { ACCESS_LOGGED, type AccessLoggedOptions } from './access-logged.decorator';
import { type AccessRequest, opaqueHeader } from './access-request';

/** A route marked @AccessLogged whose client id or user cannot be found: a wiring mistake (500). */
export class AccessLogMisconfigured extends Error {
  readonly code = 'access_log_misconfigured';
  readonly httpStatus = 500;
  constructor(problem: 'no_user' | 'no_client_id' | 'no_service') {
    super(`access log misconfigured: ${problem}`);
    this.name = 'AccessLogMisconfigured';
  }
}

interface HttpRequest extends AccessRequest {
  user?: AuthenticatedUser;
}
/**
 * Records reads after the handler produced its response and before it is sent. Instantiated per
 * controller's module (@AccessLogged applies it with @UseInterceptors), so it gets that service's log. It fails closed:
 * if the access cannot be logged (store down, no client id) the data is not returned.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly book: AccessLogBook,
    // The access log of the service whose controller served the read (AuditModule.forService);
    // absent outside a service module, where the process's first hosted service records it.
    @Optional() private readonly own?: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.getAllAndOverride<AccessLoggedOptions | undefined>(ACCESS_LOGGED, [context.getHandler(), context.getClass()]);
    if (!options || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await this.recordReads(request, body, options);
        return body;
      }),
    );
  }

  private async recordReads(request: HttpRequest, body: unknown, options: AccessLoggedOptions): Promise<void> {
    const user = request.user;
    if (!user) throw new AccessLogMisconfigured('no_user');
    const log = this.own ?? this.book.first;
    if (!log) throw new AccessLogMisconfigured('no_service');
    const clientIds = clientIdsOf(request, body, options);
    if (clientIds.length === 0) return;
    const onBehalfOf = opaqueHeader(request, 'x-on-behalf-of');
    const correlationId = opaqueHeader(request, 'x-correlation-id');
    await log.recordMany(
      clientIds.map((clientId) => ({
        clientId,
        part: options.part,
        userId: user.userId,
        role: user.roles[0],
        organisation: user.organisation,
        onBehalfOf: onBehalfOf ?? null,
        purpose: options.purpose ?? 'care_delivery',
        ...(correlationId ? { correlationId } : {}),
      })),
    );
  }
}

const fieldOf = (item: unknown, field: string): unknown => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined);

function clientIdsOf(request: HttpRequest, body: unknown, options: AccessLoggedOptions): string[] {
  const source = options.clientId ?? { body: 'clientId' };
  if ('param' in source) {
    const id = request.params?.[source.param];
    if (!isUuid(id)) throw new AccessLogMisconfigured('no_client_id');
    return [id.toLowerCase()];
  }
  let ids: unknown[];
  if ('items' in source) {
    // A page: each element's fields, each a client id or a list of them. No page at all is a wiring mistake.
    const items = fieldOf(body, source.items);
    if (!Array.isArray(items)) throw new AccessLogMisconfigured('no_client_id');
    ids = items.flatMap((item) => source.fields.flatMap((field) => {
      const value = fieldOf(item, field);
      return Array.isArray(value) ? value : [value];
    }));
  } else if ('select' in source) {
    const selected = source.select(body);
    ids = Array.isArray(selected) ? selected : [selected];
  } else {
    const items = Array.isArray(body) ? body : [body];
    ids = items.map((item) => fieldOf(item, source.body));
  }
  // An empty list showed no client's file: nothing to record. Anything but a client id fails closed.
  if (ids.some((id) => !isUuid(id))) throw new AccessLogMisconfigured('no_client_id');
  return [...new Set((ids as string[]).map((id) => id.toLowerCase()))];
}
