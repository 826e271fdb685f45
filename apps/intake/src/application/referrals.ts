import { deciderCommands } from '@wijkteam/runtime';
import { referralDecider, referralStream } from '../domain/referral';

/** Referral commands and reads, on the buses: the one generic handler of the referral decider. */
export const Referrals = deciderCommands('Referral', { decider: referralDecider, stream: referralStream });
