import { deciderCommands } from '@wijkteam/runtime';
import { caseFileDecider, caseFileStream } from '../domain/case-file';

/** Case file commands and reads, on the buses: the one generic handler of the case file decider. */
export const CaseFiles = deciderCommands('CaseFile', { decider: caseFileDecider, stream: caseFileStream });
