export * from './decider-spec';
export * from './event-store-contract';
export * from './nats-server';
export * from './eventually';
export * from './postgres';
export * from './personal-data-scan';
export * from './projection-spec';
export * from './collect';
