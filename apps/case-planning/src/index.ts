export * from './case-planning.module';
export * from './domain/case-file';
export * from './application/case-files';
export * from './case-planning.gateway';
export * from './case-planning.settings';
export * from './domain/zrm';
