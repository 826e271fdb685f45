import { deciderCommands } from '@wijkteam/runtime';
import { riskSignalDecider, riskSignalStream } from '../domain/risk-signal';

/** Verwijsindex (SISA) signal commands and reads per case file, on the buses. */
export const RiskSignals = deciderCommands('RiskSignal', { decider: riskSignalDecider, stream: riskSignalStream });
