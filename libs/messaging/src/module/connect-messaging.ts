import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { MessagingServer } from '../handling/messaging-server';
import { MESSAGING_TRANSPORT } from './messaging-options';
import { MessagingModule } from './messaging.module';

/**
 * Connects the transport of every MessagingModule in the application (one per hosted service) as a
 * hybrid microservice. `inheritAppConfig` lets global interceptors (CaptureHandlerErrors) and pipes
 * apply to handlers. Call before `app.startAllMicroservices()`.
 */
export function connectMessaging(app: INestApplication): MessagingServer[] {
  const transports: MessagingServer[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    if (module.metatype !== MessagingModule) continue;
    const instance: unknown = module.providers.get(MESSAGING_TRANSPORT)?.instance;
    if (instance instanceof MessagingServer) transports.push(instance);
  }
  for (const strategy of transports) app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  return transports;
}
