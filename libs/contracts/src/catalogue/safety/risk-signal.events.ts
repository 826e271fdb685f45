import { z } from 'zod/v4';
import { PARENTS_NOT_INFORMED_REASONS, RISK_SIGNAL_WITHDRAWAL_REASONS } from '../../codes/safety-risk-signal.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateTime, OrganisationCode, UserId } from '../../events/fields';

export const RiskSignalIssued = defineEvent({
  service: 'safety',
  type: 'RiskSignalIssued',
  version: 1,
  description: 'seed 000/002: a risk signal in the Verwijsindex (SISA): only "this organisation is involved with this child", no content.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    signalId: CanonicalId,
    organisation: OrganisationCode,
    parentsInformed: z.boolean(),
    parentsNotInformedReason: z.enum(PARENTS_NOT_INFORMED_REASONS).nullable(),
    issuedBy: UserId,
    issuedAt: DateTime,
  }),
});

export const RiskSignalWithdrawn = defineEvent({
  service: 'safety',
  type: 'RiskSignalWithdrawn',
  version: 1,
  description: 'A risk signal in the Verwijsindex (SISA) was withdrawn: the organisation is no longer involved with this child on this signal.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    signalId: CanonicalId,
    organisation: OrganisationCode,
    reason: z.enum(RISK_SIGNAL_WITHDRAWAL_REASONS),
    withdrawnBy: UserId,
    withdrawnAt: DateTime,
  }),
});

export const RISK_SIGNAL_EVENTS = [RiskSignalIssued, RiskSignalWithdrawn] as const;
