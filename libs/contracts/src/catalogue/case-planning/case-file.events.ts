import { z } from 'zod/v4';
import { CLOSURE_REASONS, DIRECTION_REASONS, DIRECTOR_KINDS, REOPENING_REASONS } from '../../codes/case-planning.codes';
import { ROUTES } from '../../codes/intake.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateTime, OrganisationCode, UserId } from '../../events/fields';

export const CaseFileOpenedV1 = defineEvent({
  service: 'case-planning',
  type: 'CaseFileOpened',
  version: 1,
  description: 'seed 000: the case file (ZCD) was opened for an accepted referral.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    referralId: CanonicalId,
    route: z.enum(ROUTES),
    openedAt: DateTime,
  }),
});

/** v2 (issue 14): the team holding the file and the family by ids, as intake's ReferralAccepted v2 names them. */
export const CaseFileOpened = defineEvent({
  service: 'case-planning',
  type: 'CaseFileOpened',
  version: 2,
  description: 'seed 000: the case file (ZCD) was opened for an accepted referral, for the family (1 gezin 1 plan), held by the team that accepted it.',
  subject: (data) => data.caseFileId,
  previous: CaseFileOpenedV1,
  upcast: (v1) => ({ ...v1, teamId: null, childIds: [v1.clientId], familyMemberIds: [] }),
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    referralId: CanonicalId,
    teamId: OrganisationCode.nullable().meta({ description: 'Organisation code of the team holding the file; null for a file opened before v2' }),
    route: z.enum(ROUTES),
    childIds: z.array(CanonicalId).min(1).max(12),
    familyMemberIds: z.array(CanonicalId).max(20),
    openedAt: DateTime,
  }),
});

export const CaseDirectorAssigned = defineEvent({
  service: 'case-planning',
  type: 'CaseDirectorAssigned',
  version: 1,
  description: 'Case direction (casusregie) moved to a coach, the certified institution (GI) or GOSA.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    directorId: UserId,
    directorKind: z.enum(DIRECTOR_KINDS),
    previousDirectorId: UserId.nullable(),
    reason: z.enum(DIRECTION_REASONS),
    assignedAt: DateTime,
  }),
});

export const CaseFileClosed = defineEvent({
  service: 'case-planning',
  type: 'CaseFileClosed',
  version: 1,
  description: 'Care ended (seed 000 closure reason): the retention term (Jeugdwet art. 7.3.8) of the client starts.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    reason: z.enum(CLOSURE_REASONS),
    closedAt: DateTime,
  }),
});

export const CaseFileReopened = defineEvent({
  service: 'case-planning',
  type: 'CaseFileReopened',
  version: 1,
  description: 'Care resumed: the retention term stops until the next closure.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    reason: z.enum(REOPENING_REASONS),
    reopenedAt: DateTime,
  }),
});

export const CASE_FILE_EVENTS = [CaseFileOpenedV1, CaseFileOpened, CaseDirectorAssigned, CaseFileClosed, CaseFileReopened] as const;
