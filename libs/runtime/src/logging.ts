import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
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
      customSuccessMessage: () => 'request completed',
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
