import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

/** The slice of an HTTP request the access log reads. */
export interface AccessRequest {
  params?: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

// On whose behalf: an opaque user id sent by the client; anything else is ignored, never stored.
const OPAQUE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** An opaque id header (`x-on-behalf-of`, `x-correlation-id`), or undefined when absent or not opaque. */
export function opaqueHeader(request: AccessRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && OPAQUE_ID.test(value) ? value : undefined;
}

const scope = new AsyncLocalStorage<{ onBehalfOf: string | null }>();

/**
 * On whose behalf the HTTP request being handled acts: what a refusal recorded deep in a handler
 * (TeamFileAccess has the user, not the request) records. Null outside a request.
 */
export function onBehalfOfInScope(): string | null {
  return scope.getStore()?.onBehalfOf ?? null;
}

/**
 * Runs every HTTP handler in a scope holding the request's `x-on-behalf-of` (global, AuditModule.forRoot),
 * so every access event of the request, read or refusal, says on whose behalf it was.
 */
@Injectable()
export class AccessRequestScope implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const onBehalfOf = opaqueHeader(context.switchToHttp().getRequest<AccessRequest>(), 'x-on-behalf-of') ?? null;
    // Subscribing inside the scope runs the handler inside it, and its async continuations with it.
    return new Observable((subscriber) => scope.run({ onBehalfOf }, () => next.handle().subscribe(subscriber)));
  }
}
