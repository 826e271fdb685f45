import { deciderCommands } from '@wijkteam/runtime';
import { evaluationDecider, evaluationStream } from '../domain/evaluation';
import type { ZrmReference } from '../domain/zrm';
import { ZRM_REFERENCE } from '../case-planning.settings';

/** Evaluation commands and reads: the decider bound to the configured ZRM reference. */
export const Evaluations = deciderCommands('Evaluation', {
  inject: [ZRM_REFERENCE],
  useFactory: (reference: ZrmReference) => ({ decider: evaluationDecider(reference), stream: evaluationStream }),
});
