import { deciderCommands } from '@wijkteam/runtime';
import type { AfwegingskaderReference } from '../domain/afwegingskader';
import { meldcodeDecider, meldcodeStream } from '../domain/meldcode';
import { AFWEGINGSKADER } from '../safety.settings';

/** Meldcode commands and reads per case file, on the buses: the decider bound to the configured afwegingskader. */
export const MeldcodeTrajectories = deciderCommands('Meldcode', {
  inject: [AFWEGINGSKADER],
  useFactory: (reference: AfwegingskaderReference) => ({ decider: meldcodeDecider(reference), stream: meldcodeStream }),
});
