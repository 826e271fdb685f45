import {
  CHANNELS,
  DE_ESCALATION_ORIGINS,
  DECLINE_REASONS,
  type Decider,
  type DomainEvent,
  DomainError,
  DOUBT_REASONS,
  EXPERTISE,
  FAMILY_RELATIONS,
  REDIRECTS,
  ROUTES,
  streamOf,
  WAITLIST_REMOVAL_REASONS,
} from '@wijkteam/contracts';
import { type ConditionResult, type EligibilityCondition, type EligibilityRules, evaluateEligibility, type InCareWith, type ReferralConditions } from './eligibility';

/**
 * A referral (aanmelding) from intake to decision, for one family. Seed 000: a referral arrives by a
 * channel through a route; the care history of the family is checked; the team accepts it (case
 * file opened at once), declines it with a reason and a redirect, or puts it on the waiting list with
 * a priority (seed 004: Veilig Thuis and ETM 5 first); the case conference assigns one or two coaches
 * and the first visit is due within two weeks of the referral.
 *
 * Personal data (libs/contracts PERSONAL_DATA) is sealed per client before it reaches the store: the
 * referred child's name, birth date and BSN, the referrer, the help question and the themes on
 * ReferralReceived (the child's key); every other child and family member on their own
 * ReferralPersonRecorded (their own key). Everything else is ids, codes, flags and dates.
 */
export { CHANNELS, DE_ESCALATION_ORIGINS, DECLINE_REASONS, DOUBT_REASONS, EXPERTISE, FAMILY_RELATIONS, REDIRECTS, ROUTES, WAITLIST_REMOVAL_REASONS };
export type Channel = (typeof CHANNELS)[number];
export type Route = (typeof ROUTES)[number];
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type Redirect = (typeof REDIRECTS)[number];
export type DeEscalationOrigin = (typeof DE_ESCALATION_ORIGINS)[number];
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
export type WaitlistRemovalReason = (typeof WAITLIST_REMOVAL_REASONS)[number];
export type DoubtReason = (typeof DOUBT_REASONS)[number];
export type Expertise = (typeof EXPERTISE)[number];

/** A person as the referral names them: personal data, sealed with that person's own key. */
export type Person = {
  name: string;
  /** YYYY-MM-DD; required for a child, optional for a family member. */
  birthDate: string | null;
  /** Burgerservicenummer, where given (checked by the elfproef at the edge). */
  bsn: string | null;
}

export type Referrer = {
  organisation: string;
  role: string;
  contact: string;
}

/** What the care-history check found for this family: earlier referrals and their outcomes, never who matched. */
export type CareHistoryMatch = {
  referralId: string;
  matchedOn: 'bsn' | 'name_birth_date';
  status: ReferralStatus;
  receivedAt: string;
  caseFileId: string | null;
  caseFileStatus: 'open' | 'closed' | null;
}

export type ReceiveReferralData = {
  referralId: string;
  /** The referred child: the first of `children`. */
  clientId: string;
  teamId: string;
  channel: Channel;
  route: Route;
  deEscalationFrom: DeEscalationOrigin | null;
  children: { clientId: string; person: Person }[];
  familyMembers: { clientId: string; relation: FamilyRelation; person: Person }[];
  referrer: Referrer;
  helpQuestion: string;
  themes: Expertise[];
  receivedAt: string;
  /** Found by the application in intake's care-history read model before the decision. */
  careHistory: CareHistoryMatch[];
} & ReferralConditions;

export type ReferralCommand =
  | { type: 'ReceiveReferral'; data: ReceiveReferralData }
  | {
      type: 'AssessEligibility';
      /** coachSafetyFlag: safety's active flag on the family of the referred client, looked up by the handler (none: null or absent). */
      data: { answers: Partial<Record<EligibilityCondition, boolean>>; coachSafetyFlag?: { caseFileId: string; reason: string } | null; assessedBy: string; assessedAt: string };
    }
  | { type: 'MarkInDoubt'; data: { reason: DoubtReason; markedAt: string } }
  | { type: 'ResolveDoubt'; data: { resolvedAt: string } }
  | { type: 'MarkForDiscussion'; data: { markedAt: string } }
  | { type: 'AssignCoaches'; data: { coachIds: string[]; decidedBy: string; conferenceDate: string; firstVisitWithinDays: number; decidedAt: string } }
  | { type: 'AcceptReferral'; data: { caseFileId: string; decidedAt: string } }
  | { type: 'DeclineReferral'; data: { reason: DeclineReason; redirect: Redirect; decidedAt: string } }
  | { type: 'WaitlistReferral'; data: { decidedAt: string } }
  | { type: 'RemoveFromWaitingList'; data: { reason: WaitlistRemovalReason; decidedAt: string } };

/** The stored ReferralReceived: the facts by ids and codes, and the sealed personal fields. */
export type ReferralReceivedData = {
  referralId: string;
  clientId: string;
  teamId: string;
  channel: Channel;
  route: Route;
  deEscalationFrom: DeEscalationOrigin | null;
  childIds: string[];
  familyMembers: { clientId: string; relation: FamilyRelation }[];
  receivedAt: string;
  /** Sealed (the referred child's key). */
  client: Person;
  referrer: Referrer;
  helpQuestion: string;
  themes: Expertise[];
} & ReferralConditions;

export type ReferralEvent =
  | DomainEvent<'ReferralReceived', ReferralReceivedData>
  | DomainEvent<'ReferralPersonRecorded', { referralId: string; clientId: string; role: 'child' | 'family_member'; relation: FamilyRelation | null; person: Person }>
  | DomainEvent<'CareHistoryChecked', { referralId: string; matches: CareHistoryMatch[]; checkedAt: string }>
  | DomainEvent<
      'EligibilityAssessed',
      {
        referralId: string;
        answers: Partial<Record<EligibilityCondition, boolean>>;
        /** The safety flag that answered coach_safety, when there was one (absent before issue 15). */
        coachSafetyFlag?: { caseFileId: string; reason: string };
        rulesVersion: string;
        result: string;
        conditions: ConditionResult[];
        assessedBy: string;
        assessedAt: string;
      }
    >
  | DomainEvent<'ReferralMarkedInDoubt', { referralId: string; reason: DoubtReason; markedAt: string }>
  | DomainEvent<'ReferralDoubtResolved', { referralId: string; resolvedAt: string }>
  | DomainEvent<'ReferralMarkedForDiscussion', { referralId: string; markedAt: string }>
  | DomainEvent<'CoachesAssigned', { referralId: string; clientId: string; teamId: string | null; coachIds: string[]; decidedBy: string; conferenceDate: string; firstVisitDue: string; decidedAt: string }>
  | DomainEvent<'ReferralAccepted', { referralId: string; clientId: string; caseFileId: string; teamId: string | null; route: Route; childIds: string[]; familyMemberIds: string[]; rulesVersion: string; conditions: ConditionResult[]; decidedAt: string }>
  | DomainEvent<'ReferralDeclined', { referralId: string; teamId: string | null; reason: DeclineReason; redirect: Redirect; rulesVersion: string; decidedAt: string }>
  | DomainEvent<'ReferralWaitlisted', { referralId: string; teamId: string | null; priority: 'urgent' | 'regular'; rulesVersion: string; decidedAt: string }>
  | DomainEvent<'ReferralRemovedFromWaitingList', { referralId: string; teamId: string | null; reason: WaitlistRemovalReason; decidedAt: string }>;

export type ReferralStatus = 'none' | 'received' | 'waitlisted' | 'accepted' | 'declined' | 'withdrawn';

export interface ReferralState {
  status: ReferralStatus;
  referralId?: string;
  clientId?: string;
  /** null: a referral of before issue 13, which named no team. */
  teamId?: string | null;
  client?: Person;
  children?: { clientId: string; person: Person | null }[];
  familyMembers?: { clientId: string; relation: FamilyRelation; person: Person | null }[];
  referrer?: Referrer | null;
  helpQuestion?: string | null;
  themes?: Expertise[];
  route?: Route;
  channel?: Channel;
  deEscalationFrom?: DeEscalationOrigin | null;
  etmIndication?: number | null;
  intellectualDisability?: boolean;
  warmHandover?: boolean | null;
  clientConsented?: boolean | null;
  inCareWith?: InCareWith;
  caseDirectionStaysWithReferrer?: boolean | null;
  coachSafetyConcern?: boolean | null;
  receivedAt?: string;
  careHistory?: CareHistoryMatch[];
  assessment?: Partial<Record<EligibilityCondition, boolean>>;
  inDoubt?: DoubtReason | null;
  markedForDiscussion?: boolean;
  coachIds?: string[];
  firstVisitDue?: string | null;
  caseFileId?: string;
  priority?: 'urgent' | 'regular';
  declineReason?: DeclineReason;
  removalReason?: WaitlistRemovalReason;
}

type Open = ReferralState & { referralId: string; clientId: string; route: Route; teamId: string | null };

function assertOpen(state: ReferralState): asserts state is Open {
  if (state.status === 'none') throw new DomainError('referral_not_found', 'not_found');
  if (state.status === 'accepted' || state.status === 'declined') throw new DomainError('referral_already_decided');
  if (state.status === 'withdrawn') throw new DomainError('referral_withdrawn');
}

function assertExists(state: ReferralState): asserts state is Open {
  if (state.status === 'none') throw new DomainError('referral_not_found', 'not_found');
}

/** The facts the eligibility rules are evaluated on, from the folded state. */
export function eligibilityOf(rules: EligibilityRules, state: Open) {
  return evaluateEligibility(rules, {
    route: state.route,
    etmIndication: state.etmIndication ?? null,
    intellectualDisability: state.intellectualDisability ?? false,
    warmHandover: state.warmHandover ?? null,
    clientConsented: state.clientConsented ?? null,
    inCareWith: state.inCareWith ?? 'unknown',
    caseDirectionStaysWithReferrer: state.caseDirectionStaysWithReferrer ?? null,
    coachSafetyConcern: state.coachSafetyConcern ?? null,
    assessment: state.assessment ?? {},
  });
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date.slice(0, 10)}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);

function receive(data: ReceiveReferralData): ReferralEvent[] {
  const [first, ...otherChildren] = data.children;
  if (!first || first.clientId !== data.clientId) throw new DomainError('referred_child_missing', 'unprocessable', 'children');
  const ids = [...data.children.map((c) => c.clientId), ...data.familyMembers.map((m) => m.clientId)];
  if (new Set(ids).size !== ids.length) throw new DomainError('client_named_twice', 'unprocessable', 'familyMembers');
  data.children.forEach((child, index) => {
    if (!child.person.birthDate || !withinAgeRange(child.person.birthDate, data.receivedAt))
      throw new DomainError('outside_age_range', 'unprocessable', `children.${index}.person.birthDate`);
  });
  if (data.etmIndication !== null && !(data.etmIndication >= 1 && data.etmIndication <= 5)) throw new DomainError('etm_out_of_range', 'unprocessable', 'etmIndication');
  if ((data.route === 'de_escalation') !== (data.deEscalationFrom !== null))
    throw new DomainError(data.route === 'de_escalation' ? 'de_escalation_origin_required' : 'de_escalation_origin_only_for_de_escalation', 'unprocessable', 'deEscalationFrom');
  const { children, familyMembers, careHistory, ...facts } = data;
  return [
    {
      type: 'ReferralReceived',
      data: { ...facts, childIds: children.map((c) => c.clientId), familyMembers: familyMembers.map(({ clientId, relation }) => ({ clientId, relation })), client: first.person },
    },
    ...otherChildren.map((child): ReferralEvent => ({ type: 'ReferralPersonRecorded', data: { referralId: data.referralId, clientId: child.clientId, role: 'child', relation: null, person: child.person } })),
    ...familyMembers.map((member): ReferralEvent => ({
      type: 'ReferralPersonRecorded',
      data: { referralId: data.referralId, clientId: member.clientId, role: 'family_member', relation: member.relation, person: member.person },
    })),
    { type: 'CareHistoryChecked', data: { referralId: data.referralId, matches: careHistory, checkedAt: data.receivedAt } },
  ];
}

/** The referral decider; the eligibility rules are its configuration (INTAKE_RULES_FILE). */
export function referralDecider(rules: EligibilityRules): Decider<ReferralCommand, ReferralEvent, ReferralState> {
  return {
    initialState: () => ({ status: 'none' }),

    decide(command, state) {
      switch (command.type) {
        case 'ReceiveReferral':
          if (state.status !== 'none') throw new DomainError('referral_already_received');
          return receive(command.data);
        case 'AssessEligibility': {
          assertOpen(state);
          // DOMAIN.md "Safety": a coach-safety flag blocks the routes that require coach safety; it wins over a coach's answer.
          const flag = command.data.coachSafetyFlag ?? null;
          const flagAnswers = flag && rules.routes[state.route].some((rule) => rule.condition === 'coach_safety');
          const answers = flagAnswers ? { ...command.data.answers, coach_safety: false } : command.data.answers;
          const assessment = { ...state.assessment, ...answers };
          const outcome = eligibilityOf(rules, { ...state, assessment });
          return [
            {
              type: 'EligibilityAssessed',
              data: {
                referralId: state.referralId,
                answers,
                ...(flagAnswers ? { coachSafetyFlag: flag } : {}),
                rulesVersion: outcome.rulesVersion,
                result: outcome.result,
                conditions: outcome.conditions,
                assessedBy: command.data.assessedBy,
                assessedAt: command.data.assessedAt,
              },
            },
          ];
        }
        case 'MarkInDoubt':
          assertOpen(state);
          if (state.inDoubt) throw new DomainError('referral_already_in_doubt');
          return [{ type: 'ReferralMarkedInDoubt', data: { referralId: state.referralId, ...command.data } }];
        case 'ResolveDoubt':
          assertExists(state);
          if (!state.inDoubt) throw new DomainError('referral_not_in_doubt');
          return [{ type: 'ReferralDoubtResolved', data: { referralId: state.referralId, ...command.data } }];
        case 'MarkForDiscussion':
          assertOpen(state);
          if (state.markedForDiscussion) throw new DomainError('referral_already_marked_for_discussion');
          return [{ type: 'ReferralMarkedForDiscussion', data: { referralId: state.referralId, ...command.data } }];
        case 'AssignCoaches': {
          assertExists(state);
          if (state.status === 'declined' || state.status === 'withdrawn') throw new DomainError('referral_closed');
          if (state.status === 'waitlisted') throw new DomainError('referral_on_waiting_list');
          const { coachIds, decidedBy, conferenceDate, firstVisitWithinDays, decidedAt } = command.data;
          if (coachIds.length < 1 || coachIds.length > 2 || new Set(coachIds).size !== coachIds.length) throw new DomainError('one_or_two_coaches', 'unprocessable', 'coachIds');
          return [
            {
              type: 'CoachesAssigned',
              data: {
                referralId: state.referralId,
                clientId: state.clientId,
                teamId: state.teamId ?? null,
                coachIds,
                decidedBy,
                conferenceDate,
                // seed 000: the first visit within 2 weeks of the referral.
                firstVisitDue: addDays(state.receivedAt ?? decidedAt, firstVisitWithinDays),
                decidedAt,
              },
            },
          ];
        }
        case 'AcceptReferral': {
          assertOpen(state);
          const outcome = eligibilityOf(rules, state);
          const failed = outcome.conditions.find((c) => c.outcome === 'not_met') ?? outcome.conditions.find((c) => c.outcome === 'unknown');
          if (failed) throw new DomainError(failed.outcome === 'not_met' ? 'eligibility_not_met' : 'eligibility_unknown', 'unprocessable', failed.condition);
          return [
            {
              type: 'ReferralAccepted',
              data: {
                referralId: state.referralId,
                clientId: state.clientId,
                caseFileId: command.data.caseFileId,
                teamId: state.teamId ?? null,
                route: state.route,
                childIds: (state.children ?? [{ clientId: state.clientId }]).map((c) => c.clientId),
                familyMemberIds: (state.familyMembers ?? []).map((m) => m.clientId),
                rulesVersion: outcome.rulesVersion,
                conditions: outcome.conditions,
                decidedAt: command.data.decidedAt,
              },
            },
          ];
        }
        case 'DeclineReferral':
          assertOpen(state);
          return [{ type: 'ReferralDeclined', data: { referralId: state.referralId, teamId: state.teamId ?? null, ...command.data, rulesVersion: rules.version } }];
        case 'WaitlistReferral': {
          assertOpen(state);
          if (state.status === 'waitlisted') throw new DomainError('referral_already_waitlisted');
          // seed 004: Veilig Thuis referrals and ETM 5 go first on the waiting list.
          const urgent = state.route === 'veilig_thuis' || state.deEscalationFrom === 'veilig_thuis' || state.etmIndication === 5;
          return [{ type: 'ReferralWaitlisted', data: { referralId: state.referralId, teamId: state.teamId ?? null, priority: urgent ? 'urgent' : 'regular', rulesVersion: rules.version, decidedAt: command.data.decidedAt } }];
        }
        case 'RemoveFromWaitingList':
          assertExists(state);
          if (state.status !== 'waitlisted') throw new DomainError('referral_not_on_waiting_list');
          return [{ type: 'ReferralRemovedFromWaitingList', data: { referralId: state.referralId, teamId: state.teamId ?? null, ...command.data } }];
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'ReferralReceived': {
          // A referral stored before issue 13 holds only the child, its route and ETM (no team, no family).
          const { childIds, familyMembers, client, ...facts } = event.data;
          return {
            ...state,
            ...facts,
            status: 'received',
            teamId: facts.teamId ?? null,
            client,
            children: (childIds ?? [facts.clientId]).map((clientId, index) => ({ clientId, person: index === 0 ? client : null })),
            familyMembers: (familyMembers ?? []).map((m) => ({ ...m, person: null })),
            referrer: facts.referrer ?? null,
            helpQuestion: facts.helpQuestion ?? null,
            themes: facts.themes ?? [],
            deEscalationFrom: facts.deEscalationFrom ?? null,
            inCareWith: facts.inCareWith ?? 'unknown',
            assessment: {},
            inDoubt: null,
            markedForDiscussion: false,
            coachIds: [],
            firstVisitDue: null,
          };
        }
        case 'ReferralPersonRecorded': {
          const { clientId, person } = event.data;
          return {
            ...state,
            children: state.children?.map((c) => (c.clientId === clientId ? { ...c, person } : c)),
            familyMembers: state.familyMembers?.map((m) => (m.clientId === clientId ? { ...m, person } : m)),
          };
        }
        case 'CareHistoryChecked':
          return { ...state, careHistory: event.data.matches };
        case 'EligibilityAssessed':
          return { ...state, assessment: { ...state.assessment, ...event.data.answers } };
        case 'ReferralMarkedInDoubt':
          return { ...state, inDoubt: event.data.reason };
        case 'ReferralDoubtResolved':
          return { ...state, inDoubt: null };
        case 'ReferralMarkedForDiscussion':
          return { ...state, markedForDiscussion: true };
        case 'CoachesAssigned':
          return { ...state, coachIds: event.data.coachIds, firstVisitDue: event.data.firstVisitDue, markedForDiscussion: false };
        case 'ReferralAccepted':
          return { ...state, status: 'accepted', caseFileId: event.data.caseFileId };
        case 'ReferralDeclined':
          return { ...state, status: 'declined', declineReason: event.data.reason };
        case 'ReferralWaitlisted':
          return { ...state, status: 'waitlisted', priority: event.data.priority };
        case 'ReferralRemovedFromWaitingList':
          // Capacity came free: back to be decided; any other reason ends the referral.
          return { ...state, status: event.data.reason === 'capacity_available' ? 'received' : 'withdrawn', removalReason: event.data.reason };
      }
    },
  };
}

/**
 * seed 000: the team helps from 9 months before birth up to 23 years (plus family members). A
 * birth date up to 9 months ahead stands for an expected child.
 */
export function withinAgeRange(birthDate: string, at: string): boolean {
  const birth = new Date(`${birthDate}T00:00:00.000Z`);
  const now = new Date(at);
  if (Number.isNaN(birth.getTime()) || Number.isNaN(now.getTime())) return false;
  const earliest = new Date(now);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - 23);
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + 9);
  return birth > earliest && birth <= latest;
}

/** `intake.referral-<referralId>` */
export const referralStream = streamOf('intake', 'referral');
