import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { messagingTransportId } from './messaging-server';

/**
 * `@EventPattern` bound to one service's transport. Plain `@EventPattern` is enough when a process
 * hosts one service; when several services share one Nest application (the platform), an unbound
 * handler would be registered with every service's transport and run once per service.
 */
export function ServiceEventPattern(service: string, pattern: string): MethodDecorator {
  return EventPattern(pattern, messagingTransportId(service));
}

/** `@MessagePattern` (request/reply) bound to one service's transport; see ServiceEventPattern. */
export function ServiceMessagePattern(service: string, pattern: string): MethodDecorator {
  return MessagePattern(pattern, messagingTransportId(service));
}
