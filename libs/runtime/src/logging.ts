import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { type DynamicModule, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config';

/**
 * Structured JSON logs without personal data: requests are logged by method, route pattern,
 * status and timing; never the path as sent, the query, headers or bodies.
 */
export function loggingModule(config: AppConfig, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      genReqId: (request: IncomingMessage) => String(request.headers['x-correlation-id'] ?? ''),
      // Probes and Prometheus scrapes every few seconds would drown the request log.
      autoLogging: { ignore: (request: IncomingMessage) => /^\/(health\/|metrics(\?|$))/.test(request.url ?? '') },
      // The route is known only once the router has matched it: read when the line is written (the
      // request binding is made as the request arrives, when only the logging middleware matched).
      customProps: (request: IncomingMessage, response: ServerResponse) => (response.writableEnded ? { route: routePattern(request) } : {}),
      serializers: {
        req: (request: LoggedRequest) => ({ id: request.id, method: request.method }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
        err: (error: Error) => ({ type: error.name }),
      },
      redact: { paths: ['req.headers', 'req.body', 'req.query', 'res.headers'], remove: true },
      // A response closed before it was sent is a client that went away, not a 200.
      customSuccessMessage: (_request, response) => (response.writableFinished ? 'request completed' : 'request aborted'),
      customSuccessObject: (request, response, fields: { responseTime?: number }) =>
        response.writableFinished ? fields : { code: abortCode(request), responseTime: fields.responseTime },
      customErrorMessage: () => 'request failed',
    },
  });
}

/** pino's serializers get a copy of the request (id, method); the request itself is `raw`. */
interface LoggedRequest {
  id?: string;
  method?: string;
}

/** The pattern Nest mounts its middleware (the logger's among them) on: it served no request. */
const CATCH_ALL = '/{*path}';

/**
 * The pattern of the route that served a request (`/clients/:clientId/access-log`), or
 * `unmatched`: the path as sent may hold anything a client typed, a name too, and a log line never
 * holds what a client sent.
 */
export function routePattern(request: IncomingMessage & { route?: { path?: unknown }; baseUrl?: string }): string {
  const route = request.route?.path;
  return typeof route === 'string' && route !== CATCH_ALL ? `${request.baseUrl ?? ''}${route}` : 'unmatched';
}

/**
 * Why a request ended without an answer: the server cut a client too slow to send it
 * (HTTP_REQUEST_TIMEOUT_MS), or the client closed its connection.
 */
export function abortCode(request: IncomingMessage): 'request_timeout' | 'request_aborted' {
  return (request.socket.errored as { code?: string } | null)?.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'request_aborted';
}

const edge = new Logger('HttpEdge');

/**
 * The request log starts only once a request reaches Nest; one that ends before (its client gone
 * while its body was on the way, or cut by the request timeout) is logged here, by its code, at
 * info: a client that goes away is not a failure of the service.
 */
export function abortedRequestLog(request: Request, response: Response, next: NextFunction): void {
  response.once('close', () => {
    // pino-http's own line, once the request reached it (its types declare `log` always present).
    if (response.writableFinished || (request as { log?: unknown }).log !== undefined) return;
    edge.log({ req: { id: request.headers['x-correlation-id'], method: request.method }, code: abortCode(request) }, 'request aborted');
  });
  next();
}
