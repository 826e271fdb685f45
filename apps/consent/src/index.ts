export * from './consent.module';
export * from './domain/consent';
export * from './domain/consent-policy';
export * from './domain/consent.types';
export * from './domain/disclosure';
export * from './domain/disclosure-policy';
export * from './application/consent.handlers';
export * from './application/disclosure.handlers';
export * from './application/consent-index';
export * from './application/safety-decisions';
export * from './application/consent-policy.provider';
export * from './api/fhir/fhir-consent';

export * from './consent.gateway';
export * from './projections/consent-index.projection';
