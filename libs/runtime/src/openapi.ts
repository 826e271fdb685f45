import { type INestApplication, ParseUUIDPipe, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AUTH_BEARER_SCHEME, declaredAccess, describeAccess, type OperationObject } from '@wijkteam/auth';
import { describeIdempotency } from './idempotency/idempotent-commands';
import { describeConstraints } from './openapi-constraints';

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

interface RouteHandler {
  controller: Type;
  method: string;
  arguments: (RouteArgument & { type: RouteParamtypes })[];
}

/**
 * The OpenAPI document of the process. Summaries and the responses only a handler knows (404, 409,
 * a domain rule's 422) are declared on the handlers; what follows from the code's own metadata is
 * added here, so it cannot drift from what the code answers: the bearer scheme once for all, the
 * access rule of each operation (its roles, 401, 403; `security: []` for public ones), 400 for a
 * malformed UUID in the path, 422 for a body the validation pipe refuses, and the If-Match header
 * with its 412 wherever a handler reads it, the Idempotency-Key header on every authenticated command,
 * and the bodies' string rules (UUID, date, pattern, length) from their validation (openapi-constraints.ts).
 */
export function openApiDocument(app: INestApplication, title: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription('Wijkteam Jeugd & Gezin — every decision is an event; see README.md')
      .setVersion('0.1.0')
      .addBearerAuth(undefined, AUTH_BEARER_SCHEME)
      .addSecurityRequirements(AUTH_BEARER_SCHEME)
      .build(),
  );
  const handlers = routeHandlers(app);
  for (const path of Object.values(document.paths))
    for (const [method, operation] of Object.entries(path) as [string, OperationObject][]) {
      const handler = operation.operationId ? handlers.get(operation.operationId) : undefined;
      if (handler) describeOperation(operation, handler);
      describeIdempotency(operation, method);
    }
  describeConstraints(document);
  return document;
}

function describeOperation(operation: OperationObject, { controller, method, arguments: args }: RouteHandler): void {
  const handler = (controller.prototype as Record<string, () => unknown>)[method];
  describeAccess(operation, declaredAccess(handler, controller));
  const { responses } = operation;
  const uuids = args.filter(({ type, pipes }) => type === RouteParamtypes.PARAM && pipes?.some((pipe) => pipe instanceof ParseUUIDPipe)).map(({ data }) => data);
  for (const parameter of operation.parameters ?? [])
    if ('in' in parameter && parameter.in === 'path' && uuids.includes(parameter.name)) parameter.schema = { type: 'string', format: 'uuid' };
  if (uuids.length > 0) responses['400'] ??= { description: 'invalid_input: a path id is not a UUID (`field` names it).' };
  // A body without pipes of its own goes through the application's ValidationPipe.
  if (args.some(({ type, pipes }) => type === RouteParamtypes.BODY && !pipes?.length))
    responses['422'] ??= { description: 'invalid_input or a rule of the decision: `field` names the field at fault; nothing is appended.' };
  if (args.some(({ type, data }) => type === RouteParamtypes.HEADERS && typeof data === 'string' && data.toLowerCase() === 'if-match')) {
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'If-Match',
        in: 'header',
        required: false,
        schema: { type: 'string', example: '"3"' },
        description: 'The ETag (revision) the caller decided on; without it a concurrent change answers 409.',
      },
    ];
    responses['412'] ??= { description: 'wrong_expected_version: If-Match names a revision that is no longer the latest; reload and decide again.' };
  }
}

/** Every HTTP handler of the application, by the operation id Swagger gives it (`Controller_method`). */
function routeHandlers(app: INestApplication): Map<string, RouteHandler> {
  const scanner = new MetadataScanner();
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const method of scanner.getAllMethodNames(controller.prototype)) {
        const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>;
        const args = Object.entries(declared).map(([key, argument]) => ({ ...argument, type: Number(key.split(':')[0]) as RouteParamtypes }));
        handlers.set(`${controller.name}_${method}`, { controller, method, arguments: args });
      }
    }
  return handlers;
}
