export * from './safety.module';
export * from './domain/safety-assessment';
export * from './application/safety-assessments';
export * from './safety.gateway';
export * from './application/safety-case-files';
export * from './application/professionals';
