import type { Provider } from '@nestjs/common';
import { assertValidPolicy, type ConsentPolicy, DEFAULT_CONSENT_POLICY } from '../domain/consent-policy';

/** Injection token of the consent policy: override it to configure catalogues and the age rule. */
export const CONSENT_POLICY = 'CONSENT_POLICY';

export const consentPolicyProvider = (policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): Provider => ({
  provide: CONSENT_POLICY,
  useFactory: () => {
    assertValidPolicy(policy); // a broken policy stops start-up
    return policy;
  },
});
