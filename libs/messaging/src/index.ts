// Events on the wire
export * from './events/subjects';
export * from './events/gateway';
export * from './events/public-message';
// Checkpoints, inbox, dead letters
export * from './checkpoints/checkpoint-store';
export * from './checkpoints/sqlite-checkpoint-store';
export * from './inbox/inbox';
export * from './handling/dead-letter';
export * from './handling/failure';
export * from './handling/retry-policy';
export * from './handling/message-context';
export * from './handling/messaging-server';
export * from './handling/capture-handler-errors.interceptor';
export * from './handling/service-patterns';
export * from './handling/consume-events';
// JetStream
export * from './jetstream/stream-setup';
export * from './jetstream/relay-lease';
export * from './jetstream/acked-publisher';
export * from './jetstream/relay';
export * from './jetstream/consumer-setup';
export * from './jetstream/jetstream-dead-letters';
export * from './jetstream/jetstream-transport';
// In-process
export * from './in-process/in-process-transport';
export * from './in-process/in-process-request-bus';
export * from './in-process/process-gateways';
// Request/reply
export * from './request-reply/errors';
export * from './request-reply/service-client';
export * from './request-reply/nats-service-client';
// Health and metrics
export * from './health/messaging-health';
export * from './health/messaging-metrics';
export * from './health/metrics-exposition';
// Nest module
export * from './module/messaging-options';
export * from './module/messaging.module';
export * from './module/connect-messaging';
export * from './module/nats-client';
export { openSqlite, type SqliteDatabase } from './util/sqlite';
