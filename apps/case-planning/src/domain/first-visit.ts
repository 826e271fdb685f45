import { dateOf, type Decider, DomainError, type DomainEvent, FIRST_VISIT_DAYS, FIRST_VISIT_LOCATIONS, firstVisitDueOf, isCalendarDate, streamOf } from '@wijkteam/contracts';
import { DIRECTOR_KINDS, type DirectorKind } from './case-file';
import { assertZrmScores, type ZrmReference, type ZrmScores } from './zrm';

/**
 * The first visit (kennismakingshuisbezoek). seed 000: "binnen 2 weken na aanmelding bij voorkeur bij
 * cliënt thuis", "bij voorkeur door twee Jeugd en Gezinscoaches"; the coaches explain the way of
 * working, privacy and the complaints procedure, score the ZRM and the ETM, decide whether a safety
 * analysis is needed and who takes case direction, and discuss a SISA signal with the client.
 * One first visit per case file. The ETM is the safety service's: its assessment id and score arrive
 * with the command, after safety recorded it.
 */
export { FIRST_VISIT_LOCATIONS };
export type FirstVisitLocation = (typeof FIRST_VISIT_LOCATIONS)[number];

/** The case file as the command was made: the decider of the first visit does not read the file's stream. */
export interface CaseFileFacts {
  status: 'none' | 'open' | 'closed';
  childIds: string[];
  familyMemberIds: string[];
  /** ISO instant the referral came in. */
  referredAt?: string;
  /** Set by the case conference (YYYY-MM-DD); absent: referral + 14 days. */
  firstVisitDue?: string;
}

export type Explained = {
  wayOfWorking: boolean;
  privacy: boolean;
  complaintsProcedure: boolean;
};

export interface RecordFirstVisitData {
  caseFileId: string;
  caseFile: CaseFileFacts;
  /** Who came: one or two coaches (user ids). */
  coachIds: string[];
  /** Client ids of the family members present. */
  familyPresent: string[];
  location: FirstVisitLocation;
  explained: Explained;
  zrm: ZrmScores;
  /** Recorded by the safety service (four eyes there): its assessment id, the score, the second assessor. */
  etm: { assessmentId: string; score: number; secondAssessorId: string };
  safetyAnalysisNeeded: boolean;
  /** Was a SISA (Verwijsindex) signal discussed with the client. */
  sisaSignalDiscussed: boolean;
  /** The decision on case direction; the case file records the assignment itself. */
  caseDirector: { directorId: string; directorKind: DirectorKind };
  /** The day of the visit (YYYY-MM-DD). */
  heldOn: string;
  /** When it was recorded (the clock). */
  heldAt: string;
}

/** What can be checked before the ETM is recorded in the safety service: everything but its assessment id. */
export type FirstVisitDraft = Omit<RecordFirstVisitData, 'etm'> & { etm: { score: number } };

export type FirstVisitCommand = { type: 'RecordFirstVisit'; data: RecordFirstVisitData };

// Types, not interfaces: an event's data must be assignable to the store's JsonObject.
export type FirstVisitHeldData = {
  caseFileId: string;
  coachIds: string[];
  familyPresent: string[];
  location: FirstVisitLocation;
  atHome: boolean;
  explained: Explained;
  zrm: ZrmScores;
  zrmVersion: string;
  etm: { assessmentId: string; score: number; secondAssessorId: string };
  safetyAnalysisNeeded: boolean;
  sisaSignalDiscussed: boolean;
  caseDirector: { directorId: string; directorKind: DirectorKind };
  heldOn: string;
  /** The deadline (YYYY-MM-DD) and whether the visit met it. */
  due: string;
  onTime: boolean;
  heldAt: string;
};

export type FirstVisitEvent = DomainEvent<'FirstVisitHeld', FirstVisitHeldData>;

export interface FirstVisitState {
  status: 'none' | 'held';
  visit?: FirstVisitHeldData;
}

/** seed 000: "binnen 2 weken na aanmelding" (FIRST_VISIT_DAYS, shared with reporting), unless the case conference set the date. */
export { FIRST_VISIT_DAYS };

export function firstVisitDue(caseFile: Pick<CaseFileFacts, 'referredAt' | 'firstVisitDue'>): string {
  if (caseFile.firstVisitDue) return caseFile.firstVisitDue;
  if (!caseFile.referredAt) throw new DomainError('case_file_not_found', 'not_found');
  return firstVisitDueOf(caseFile.referredAt);
}

const EXPLAINED: (keyof Explained)[] = ['wayOfWorking', 'privacy', 'complaintsProcedure'];

/** Every rule of the first visit but the ETM's own (those are the safety service's). */
export function assertFirstVisit(data: FirstVisitDraft, state: FirstVisitState, reference: ZrmReference): void {
  const { caseFile } = data;
  if (caseFile.status === 'none' || !caseFile.referredAt) throw new DomainError('case_file_not_found', 'not_found');
  if (caseFile.status === 'closed') throw new DomainError('case_file_closed');
  if (state.status === 'held') throw new DomainError('first_visit_already_recorded');
  if (data.coachIds.length < 1 || data.coachIds.length > 2 || new Set(data.coachIds).size !== data.coachIds.length)
    throw new DomainError('one_or_two_coaches', 'unprocessable', 'coachIds');
  const family = new Set([...caseFile.childIds, ...caseFile.familyMemberIds]);
  if (data.familyPresent.length === 0) throw new DomainError('family_member_required', 'unprocessable', 'familyPresent');
  data.familyPresent.forEach((clientId, index) => {
    if (!family.has(clientId)) throw new DomainError('not_of_this_family', 'unprocessable', `familyPresent.${index}`);
  });
  if (!(FIRST_VISIT_LOCATIONS as readonly string[]).includes(data.location)) throw new DomainError('unknown_location', 'unprocessable', 'location');
  // seed 000: "cliënt informeren over werkwijze CJG/WT, privacy en klachtenprocedure"
  for (const item of EXPLAINED) if (data.explained[item] !== true) throw new DomainError('must_be_explained', 'unprocessable', `explained.${item}`);
  assertZrmScores(data.zrm, reference, 'zrm');
  // seed 000: "zo nodig een veiligheidsanalyse maken"; at ETM 5 it is always needed.
  if (data.etm.score === 5 && !data.safetyAnalysisNeeded) throw new DomainError('safety_analysis_required_at_etm_5', 'unprocessable', 'safetyAnalysisNeeded');
  if (!(DIRECTOR_KINDS as readonly string[]).includes(data.caseDirector.directorKind))
    throw new DomainError('unknown_director_kind', 'unprocessable', 'caseDirector.directorKind');
  if (!isCalendarDate(data.heldOn)) throw new DomainError('invalid_date', 'unprocessable', 'heldOn');
  if (data.heldOn > dateOf(data.heldAt)) throw new DomainError('held_on_in_future', 'unprocessable', 'heldOn');
  if (data.heldOn < dateOf(caseFile.referredAt)) throw new DomainError('held_before_referral', 'unprocessable', 'heldOn');
}

export function firstVisitDecider(reference: ZrmReference): Decider<FirstVisitCommand, FirstVisitEvent, FirstVisitState> {
  return {
    initialState: () => ({ status: 'none' }),

    decide(command, state) {
      const { caseFile, ...data } = command.data;
      assertFirstVisit(command.data, state, reference);
      const due = firstVisitDue(caseFile);
      return [
        {
          type: 'FirstVisitHeld',
          data: { ...data, atHome: data.location === 'home', zrmVersion: reference.version, due, onTime: data.heldOn <= due },
        },
      ];
    },

    evolve(state, event) {
      return { ...state, status: 'held', visit: event.data };
    },
  };
}

/** `casePlanning.firstVisit-<caseFileId>` */
export const firstVisitStream = streamOf('case-planning', 'firstVisit');
