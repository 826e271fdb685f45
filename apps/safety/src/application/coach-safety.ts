import { deciderCommands } from '@wijkteam/runtime';
import { coachSafetyDecider, coachSafetyStream } from '../domain/coach-safety';

/** Coach-safety flag commands and reads per case file (family), on the buses. */
export const CoachSafety = deciderCommands('CoachSafety', { decider: coachSafetyDecider, stream: coachSafetyStream });
