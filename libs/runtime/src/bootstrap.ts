import { type DynamicModule, type INestApplication, Module, type Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectMessaging } from '@wijkteam/messaging';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AsOfRefusal } from './as-of';
import { type AppConfig, ConfigurationError, loadConfig } from './config';
import { checkServiceSettings } from './settings';
import { bodyErrors, jsonBodies } from './http-body';
import { correlationId } from './http-guards';
import { admission } from './http-admission';
import { httpAdapter } from './http-server';
import { abortedRequestLog } from './logging';
import { validationException } from './http-errors';
import { IdempotentCommands } from './idempotency/idempotent-commands';
import { openApiDocument } from './openapi';
import { RuntimeModule } from './runtime.module';

/**
 * HTTP edge shared by every service: load shedding (event-loop delay, in-flight limit), correlation
 * ids, body limits (size, depth, charset, encoding), validation, `asOf` honoured or refused, OpenAPI,
 * shutdown. The server's own timeouts are `httpAdapter`'s.
 */
export function configureHttp(app: INestApplication, config: AppConfig, title: string): void {
  const admitted = admission(app, config);
  app.use(admitted.onArrival);
  app.use(correlationId);
  app.use(abortedRequestLog);
  app.use(jsonBodies());
  app.use(bodyErrors);
  app.use(admitted.onBodyRead);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalInterceptors(new AsOfRefusal());
  app.useGlobalInterceptors(app.get(IdempotentCommands));
  SwaggerModule.setup('api/docs', app, openApiDocument(app, title), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}

/**
 * Loads the configuration and checks the hosted services' own settings, or ends the process with
 * one line naming the variable at fault.
 */
export function loadConfigOrExit(defaults: Readonly<Record<string, string>> = {}): AppConfig {
  try {
    const config = loadConfig(process.env, defaults);
    checkServiceSettings(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The root module of a process: the runtime once, then the service modules it hosts. */
@Module({})
export class ServiceAppModule {
  static forRoot(config: AppConfig, service: string, features: (Type | DynamicModule)[]): DynamicModule {
    return { module: ServiceAppModule, imports: [RuntimeModule.forRoot({ config, service }), ...features] };
  }
}

/**
 * Hybrid app: HTTP for people, and per hosted service its messaging transport — JetStream consumers
 * plus request/reply on core NATS (queue group per service), or the in-process transport.
 */
export async function startTransports(app: INestApplication): Promise<void> {
  connectMessaging(app);
  await app.startAllMicroservices();
}

export interface ServiceLaunch {
  service: string;
  title: string;
  /** The service modules this process hosts (one, or all five in the platform). */
  features: (config: AppConfig) => (Type | DynamicModule)[];
  /** The launcher's defaults, of process-wide and service settings alike. */
  defaults?: Readonly<Record<string, string>>;
  /** Hook for transports (e.g. the JetStream strategy) before listening. */
  beforeListen?: (app: INestApplication, config: AppConfig) => Promise<void>;
  afterListen?: (app: INestApplication, config: AppConfig) => Promise<void>;
}

export async function launch({ service, title, features, defaults, beforeListen, afterListen }: ServiceLaunch): Promise<INestApplication> {
  const config = loadConfigOrExit(defaults);
  const app = await NestFactory.create(ServiceAppModule.forRoot(config, service, features(config)), httpAdapter(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app, config, title);
  if (beforeListen) await beforeListen(app, config);
  await startTransports(app);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log({ service, port: config.PORT, transport: config.TRANSPORT }, 'service listening');
  if (afterListen) await afterListen(app, config);
  return app;
}
