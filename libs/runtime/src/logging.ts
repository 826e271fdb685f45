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
      serializers: {
        req: requestLogFields,
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

interface LoggedRequest {
  id?: string;
  method?: string;
  /** pino's serializers get a copy of the request; the request itself is `raw`. */
  raw?: IncomingMessage & { route?: { path?: string }; baseUrl?: string };
}

/**
 * A request as logged: its id, method and the pattern of the route that served it
 * (`/clients/:clientId/access-log`), or `unmatched`: the path as sent may hold anything a client
 * typed, a name too, and a log line never holds what a client sent.
 */
export function requestLogFields(request: LoggedRequest): { id?: string; method?: string; route: string } {
  const route = request.raw?.route?.path;
  return { id: request.id, method: request.method, route: typeof route === 'string' ? `${request.raw?.baseUrl ?? ''}${route}` : 'unmatched' };
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
