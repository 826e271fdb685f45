import type { INestApplication } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MessagingServer } from '../handling/messaging-server';
import { MessagingMetrics } from '../health/messaging-metrics';
import { MESSAGING_TRANSPORT } from './messaging-options';
import { MessagingModule } from './messaging.module';

/**
 * Connects the transport of every MessagingModule in the application (one per hosted service) as a
 * hybrid microservice. `inheritAppConfig` lets global interceptors (CaptureHandlerErrors) and pipes
 * apply to handlers. Call before `app.startAllMicroservices()`. Found through DiscoveryService, which
 * MessagingModule imports.
 */
export function connectMessaging(app: INestApplication): MessagingServer[] {
  const transports = providedByMessagingModules(app.get(DiscoveryService), MESSAGING_TRANSPORT, (i): i is MessagingServer => i instanceof MessagingServer);
  for (const strategy of transports) app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  return transports;
}

/** The metrics of every MessagingModule in the application (one per hosted service), for /metrics. */
export function hostedMessagingMetrics(discovery: DiscoveryService): MessagingMetrics[] {
  return providedByMessagingModules(discovery, MessagingMetrics, (i): i is MessagingMetrics => i instanceof MessagingMetrics);
}

function providedByMessagingModules<T>(discovery: DiscoveryService, token: symbol | typeof MessagingMetrics, is: (instance: unknown) => instance is T): T[] {
  return discovery
    .getProviders({ include: [MessagingModule] })
    .filter((wrapper) => wrapper.token === token)
    .map((wrapper): unknown => wrapper.instance)
    .filter(is);
}
