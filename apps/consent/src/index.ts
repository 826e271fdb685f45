export * from './consent.module';
