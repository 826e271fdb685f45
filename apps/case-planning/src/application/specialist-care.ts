import { deciderCommands } from '@wijkteam/runtime';
import { specialistCareDecider, specialistCareStream } from '../domain/specialist-care';

/** Specialist care commands and reads: the one generic handler of its decider. */
export const SpecialistCare = deciderCommands('SpecialistCare', { decider: specialistCareDecider, stream: specialistCareStream });
