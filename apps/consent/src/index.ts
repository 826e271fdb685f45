export * from './consent.module';
export * from './domain/consent';
export * from './domain/consent-policy';
export * from './domain/consent.types';
export * from './domain/disclosure';
export * from './domain/disclosure-policy';
export * from './application/consent.handlers';
export * from './application/disclosure.handlers';
export * from './application/consent-index';
export * from './application/consent-policy.provider';
export * from './api/fhir/fhir-consent';

/** Public events, stable names (ARCHITECTURE.md); the relay publishes them as `jeugd.consent.<EventType>`. */
export const CONSENT_PUBLIC_EVENTS = [
  'ConsentGranted',
  'ConsentRefused',
  'ConsentWithdrawn',
  'ConsentExpired',
  'DisclosureDecided',
  'DisclosureRecorded',
] as const;
export type ConsentPublicEvent = (typeof CONSENT_PUBLIC_EVENTS)[number];
