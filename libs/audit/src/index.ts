export * from './access-log/access-log-entry';
export * from './access-log/access-log';
export * from './access-log/access-log-book';
export * from './access-log/access-logged.decorator';
export * from './access-log/access-log.interceptor';
export * from './access-log/access-log.controller';
export * from './audit.module';
export * from './access-log/team-file-access';
