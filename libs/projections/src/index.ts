export * from './projection';
export * from './projection-database';
export * from './projection-runner';
export * from './projection-host';
export * from './catching-up';
export * from './bounded-cache';
export * from './row-statements';
