export * from './types';
export * from './stored-events';
export * from './errors';
export * from './validation';
export * from './codec';
export * from './sqlite/sqlite-event-store';
export * from './postgres/postgres-event-store';
export * from './create-event-store';
