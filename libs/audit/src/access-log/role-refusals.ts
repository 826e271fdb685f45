import { type ExecutionContext, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { DiscoveryService, ModuleRef, Reflector } from '@nestjs/core';
import type { Module } from '@nestjs/core/injector/module';
import { type AuthenticatedUser, RoleRefusals } from '@wijkteam/auth';
import { isUuid } from '@wijkteam/contracts';
import { AccessLog } from './access-log';
import { AccessLogBook } from './access-log-book';
import { ACCESS_LOGGED, type AccessLoggedOptions } from './access-logged.decorator';
import { type AccessRequest, opaqueHeader } from './access-request';
import { AccessLogMisconfigured } from './access-log.interceptor';

/**
 * A user without the route's role asking for a client's file (a partner, or the adult team, on a
 * Jeugdteam route): the roles guard refuses it (403), and this records the refusal, reason
 * `role_not_allowed`, in the access log of the service whose route it is. Recorded when the route is
 * @AccessLogged and the request names the client: the route's client id parameter, or a `clientId`
 * parameter. A route that names only another record (`/case-files/:caseFileId`) shows its client only
 * once loaded, and a refused request loads nothing: such a refusal is not recorded, unless the route
 * names a `refusedClients` provider that finds the record's clients (then one refusal per client).
 */
@Injectable()
export class AccessLogRoleRefusals extends RoleRefusals implements OnApplicationBootstrap {
  /** Each controller's service's log: the log its module imports (AuditModule.forService). */
  private readonly logs = new Map<Type, AccessLog>();

  constructor(
    private readonly reflector: Reflector,
    private readonly discovery: DiscoveryService,
    private readonly book: AccessLogBook,
    private readonly modules: ModuleRef,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    for (const controller of this.discovery.getControllers()) {
      const log = controller.host ? logOfModule(controller.host) : undefined;
      if (log && controller.metatype) this.logs.set(controller.metatype as Type, log);
    }
  }

  async record(context: ExecutionContext, user: AuthenticatedUser): Promise<void> {
    const options = this.reflector.getAllAndOverride<AccessLoggedOptions | undefined>(ACCESS_LOGGED, [context.getHandler(), context.getClass()]);
    if (!options) return;
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const param = options.clientId && 'param' in options.clientId ? options.clientId.param : 'clientId';
    const named = options.refusedClients ? await this.modules.get(options.refusedClients, { strict: false }).clientIdsOf(request, user) : [request.params?.[param]];
    // A malformed id names no client's file: nothing to record (the refusal stands).
    const clientIds = [...new Set(named.filter(isUuid).map((id) => id.toLowerCase()))];
    if (clientIds.length === 0) return;
    const log = this.logs.get(context.getClass()) ?? this.book.first;
    if (!log) throw new AccessLogMisconfigured('no_service');
    const correlationId = opaqueHeader(request, 'x-correlation-id');
    for (const clientId of clientIds)
      await log.recordRefusal({
        clientId,
        part: options.part,
        userId: user.userId,
        role: user.roles[0],
        organisation: user.organisation,
        onBehalfOf: opaqueHeader(request, 'x-on-behalf-of') ?? null,
        reason: 'role_not_allowed',
        ...(correlationId ? { correlationId } : {}),
      });
  }
}

function logOfModule(module: Module): AccessLog | undefined {
  for (const candidate of [module, ...module.imports]) {
    const instance = candidate.providers.get(AccessLog)?.instance;
    if (instance instanceof AccessLog) return instance;
  }
  return undefined;
}
