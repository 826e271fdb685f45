import { z } from 'zod/v4';
import { ROLES } from '../../codes/roles.codes';
import { ESCALATION_OUTCOMES, ESCALATION_REASONS, ESCALATION_TARGETS } from '../../codes/safety-escalation.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateTime, OrganisationCode, UserId } from '../../events/fields';

/** The professionals who raised an escalation (seed 002: a safety decision is never taken alone). */
const RaisedBy = {
  raisedBy: UserId,
  raisedByRole: z.enum(ROLES),
  secondProfessionalId: UserId,
  secondProfessionalRole: z.enum(ROLES),
};

const Escalation = {
  caseFileId: CanonicalId,
  clientId: CanonicalId,
  escalationId: CanonicalId,
  target: z.enum(ESCALATION_TARGETS),
  reason: z.enum(ESCALATION_REASONS),
  receivingParty: OrganisationCode.nullable().meta({ description: 'Organisation code of the receiving GI or GOSA (e.g. gi-jeugdbescherming-west); null for the other targets' }),
  movesCaseDirection: z.boolean().meta({ description: 'seed 000: accepted by the GI (dwang/drang) or GOSA (stagnation), case direction moves there' }),
};

export const EscalationRaised = defineEvent({
  service: 'safety',
  type: 'EscalationRaised',
  version: 1,
  description: 'seeds 000/002: a case file was escalated (Veilig Thuis, GI, GOSA, CIT, Raad), raised by one professional and confirmed by a second (four eyes).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ ...Escalation, ...RaisedBy, raisedAt: DateTime }),
});

export const EscalationResolved = defineEvent({
  service: 'safety',
  type: 'EscalationResolved',
  version: 1,
  description: 'An escalation ended: accepted or declined by the receiving party, withdrawn, or handled. Accepted with movesCaseDirection: case direction moves to the receiving party.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    ...Escalation,
    outcome: z.enum(ESCALATION_OUTCOMES),
    resolvedBy: UserId,
    resolvedByRole: z.enum(ROLES),
    resolvedAt: DateTime,
  }),
});

export const ESCALATION_EVENTS = [EscalationRaised, EscalationResolved] as const;
