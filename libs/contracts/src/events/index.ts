export * from './define-event';
export * from './fields';
export * from './public-event';
export * from './cloud-events';
