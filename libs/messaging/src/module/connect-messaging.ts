import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { MessagingServer } from '../handling/messaging-server';
import { MessagingMetrics } from '../health/messaging-metrics';
import { MESSAGING_TRANSPORT } from './messaging-options';
import { MessagingModule } from './messaging.module';

/**
 * Connects the transport of every MessagingModule in the application (one per hosted service) as a
 * hybrid microservice. `inheritAppConfig` lets global interceptors (CaptureHandlerErrors) and pipes
 * apply to handlers. Call before `app.startAllMicroservices()`.
 */
export function connectMessaging(app: INestApplication): MessagingServer[] {
  const transports = providedByMessagingModules(app.get(ModulesContainer), MESSAGING_TRANSPORT, (i): i is MessagingServer => i instanceof MessagingServer);
  for (const strategy of transports) app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  return transports;
}

/** The metrics of every MessagingModule in the application (one per hosted service), for /metrics. */
export function hostedMessagingMetrics(modules: ModulesContainer): MessagingMetrics[] {
  return providedByMessagingModules(modules, MessagingMetrics, (i): i is MessagingMetrics => i instanceof MessagingMetrics);
}

function providedByMessagingModules<T>(modules: ModulesContainer, token: symbol | typeof MessagingMetrics, is: (instance: unknown) => instance is T): T[] {
  const found: T[] = [];
  for (const module of modules.values()) {
    if (module.metatype !== MessagingModule) continue;
    const instance: unknown = module.providers.get(token)?.instance;
    if (is(instance)) found.push(instance);
  }
  return found;
}
