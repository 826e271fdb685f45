import { MessagePattern } from '@nestjs/microservices';
import { messagingTransportId } from './messaging-server';

/**
 * `@MessagePattern` (request/reply) bound to one service's transport: when several services share
 * one Nest application (the platform), an unbound handler would be registered with every service's
 * transport. Event handlers are bound by @ConsumeEvents.
 */
export function ServiceMessagePattern(service: string, pattern: string): MethodDecorator {
  return MessagePattern(pattern, messagingTransportId(service));
}
