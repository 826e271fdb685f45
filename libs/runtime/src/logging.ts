import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config';

/**
 * Structured JSON logs without personal data: requests are logged by method, route path (ids only,
 * no query string: a query could hold a name), status and timing; never headers or bodies.
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
        req: (request: IncomingMessage & { id?: string }) => ({
          id: request.id,
          method: request.method,
          path: (request.url ?? '').split('?')[0],
        }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
        err: (error: Error) => ({ type: error.name }),
      },
      redact: { paths: ['req.headers', 'req.body', 'req.query', 'res.headers'], remove: true },
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
    },
  });
}
