export * from './decider';
export * from './personal-data';
export * from './ports';
export * from './public-events';
export * from './ids';
export * from './streams';
