import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** A route that has no earlier state to answer for was asked for one (issue 16: refused, never ignored). */
export class AsOfNotSupported extends Error {
  readonly code = 'as_of_not_supported';
  readonly httpStatus = 400;
  readonly field = 'asOf';
  constructor() {
    super('as_of_not_supported: asOf');
    this.name = 'AsOfNotSupported';
  }
}

interface RouteArgument {
  index: number;
  data?: unknown;
}

/**
 * `?asOf=` is honoured or refused with 400, never silently ignored (issue 16). A route takes it
 * when its query DTO declares an `asOf` property (validated, and answered as of that moment or
 * refused by the route itself) or it reads `@Query('asOf')`; on every other route — a read of the
 * current state only — the parameter is refused with 400 as_of_not_supported before the handler
 * runs. Runs after the guards, so an unauthenticated caller learns nothing about the route.
 */
@Injectable()
export class AsOfRefusal implements NestInterceptor {
  private readonly takes = new WeakMap<(...args: never[]) => unknown, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const { query } = context.switchToHttp().getRequest<Request>();
      if (query && Object.hasOwn(query, 'asOf') && !this.takesAsOf(context.getClass(), context.getHandler() as (...args: never[]) => unknown)) throw new AsOfNotSupported();
    }
    return next.handle();
  }

  private takesAsOf(controller: Type, handler: (...args: never[]) => unknown): boolean {
    let known = this.takes.get(handler);
    if (known === undefined) {
      known = routeTakesAsOf(controller, handler.name);
      this.takes.set(handler, known);
    }
    return known;
  }
}

/** From the route's parameter metadata: `@Query('asOf')`, or a `@Query()` DTO with an asOf property. */
function routeTakesAsOf(controller: Type, method: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
  return Object.entries(args).some(([key, { index, data }]) => {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) return false;
    if (data !== undefined) return data === 'asOf';
    const dto = types[index];
    return typeof dto === 'function' && getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).some((rule) => rule.propertyName === 'asOf');
  });
}
