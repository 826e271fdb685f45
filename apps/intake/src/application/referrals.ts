import { deciderCommands } from '@wijkteam/runtime';
import type { EligibilityRules } from '../domain/eligibility';
import { referralDecider, referralStream } from '../domain/referral';
import { ELIGIBILITY_RULES } from '../intake.settings';

/** Referral commands and reads, on the buses: the one generic handler of the referral decider, with the rules of INTAKE_RULES_FILE. */
export const Referrals = deciderCommands('Referral', {
  inject: [ELIGIBILITY_RULES],
  useFactory: (rules: EligibilityRules) => ({ decider: referralDecider(rules), stream: referralStream }),
});
