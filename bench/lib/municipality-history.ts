/**
 * A synthetic municipality history for bench:reporting, decided by the real deciders: every event is
 * what a decider answered to a command on the state its stream's earlier events folded into, and
 * every access-log entry is recorded by the real AccessLog. Per case (one family: a child, a parent):
 * - intake: a referral received, assessed, accepted (a tenth after a while on the waiting list) with
 *   coaches assigned, or declined (a fifth);
 * - case planning: the case file opened, coaches recorded, a case director assigned, the first visit,
 *   a plan drafted and agreed, the file closed (four in five) for one of seed 000's reasons;
 * - consent: two grants, a refusal every third case, a withdrawal every fourth;
 * - the access log: `readsPerCase` reads of the file by its coach over the months it is open.
 * Cases start `casesPerYear` a year, in time order. Personal fields are fictional and stored unsealed
 * (the bench store has no codec): what the seals and read models see is the same shape either way.
 */
import { AccessLog, type AccessToRecord } from '@wijkteam/audit';
import { caseFileDecider, caseFileStream } from '@wijkteam/case-planning';
import { consentDecider, consentStream } from '@wijkteam/consent';
import { type Decider, DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES, type DomainEvent, UuidV7Generator } from '@wijkteam/contracts';
import type { EventStore, EventToAppend, JsonObject } from '@wijkteam/event-store';
import { loadEligibilityRules, referralDecider, referralStream } from '@wijkteam/intake';
import { CLOSURE_REASONS } from '../../apps/case-planning/src/domain/case-file';
import { firstVisitDecider, firstVisitStream } from '../../apps/case-planning/src/domain/first-visit';
import { planDecider, planStream } from '../../apps/case-planning/src/domain/plan';
import { DEFAULT_ZRM_REFERENCE } from '../../apps/case-planning/src/domain/zrm';

export interface HistoryShape {
  cases: number;
  casesPerYear: number;
  readsPerCase: number;
}

export interface History {
  /** Events in the store, all kinds. */
  events: number;
  cases: number;
  years: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2006, 0, 2, 9);
const TEAMS = ['wijkteam-noord', 'wijkteam-zuid', 'wijkteam-oost', 'wijkteam-west'];
const ROUTES = ['jgz', 'jgz', 'neighbourhood_network', 'self_referral', 'veilig_thuis', 'de_escalation', 'other_municipality'] as const;
const ORGS = ['jgz', 'huisarts', 'school', 'volwassenenteam'];
/** How many cases are decided at once: their appends share group commits. */
const CONCURRENT_CASES = 16;

class Ids extends UuidV7Generator {
  // A 9-digit run in an id trips libs/event-store's BSN guard on stream names (see consent-history.ts).
  override next(): string {
    for (;;) {
      const id = super.next();
      if (!/\d{9}/.test(id)) return id;
    }
  }
}

const ids = new Ids();
const iso = (time: number): string => new Date(time).toISOString();
const date = (time: number): string => iso(time).slice(0, 10);

/** One stream being decided: commands go through the decider, events are folded into its state and kept to append. */
class Decided<Command, Event extends DomainEvent, State> {
  private state: State;
  readonly events: EventToAppend[] = [];

  constructor(private readonly decider: Decider<Command, Event, State>) {
    this.state = decider.initialState();
  }

  decide(command: Command, at: number, userId: string, role: string, organisation: string): this {
    const correlationId = ids.next();
    for (const event of this.decider.decide(command, this.state)) {
      this.state = this.decider.evolve(this.state, event);
      this.events.push({ id: ids.next(), type: event.type, data: event.data as JsonObject, metadata: { occurredAt: iso(at), actor: { userId, role, organisation }, correlationId, schemaVersion: 1 } });
    }
    return this;
  }
}

const rules = loadEligibilityRules({ INTAKE_RULES_FILE: undefined });
const referrals = referralDecider(rules);
const firstVisits = firstVisitDecider(DEFAULT_ZRM_REFERENCE);
const consents = consentDecider();

/** The streams of one case, decided; the reads to log, with their times. */
function decideCase(n: number, casesPerYear: number, readsPerCase: number): { streams: [string, EventToAppend[]][]; reads: { at: number; access: AccessToRecord }[] } {
  const team = TEAMS[n % TEAMS.length];
  const coach = `coach-${team.slice(10)}-${1 + (n % 7)}`;
  const coordinator = `coordinator-${team.slice(10)}`;
  const received = START + Math.floor(n / casesPerYear) * 365 * DAY + Math.floor(((n % casesPerYear) / casesPerYear) * 360 * DAY);
  const age = 4 + (n % 14);
  const [referralId, clientId, parentId] = [ids.next(), ids.next(), ids.next()];
  const route = ROUTES[n % ROUTES.length];
  const referral = new Decided(referrals)
    .decide(
      {
        type: 'ReceiveReferral',
        data: {
          referralId, clientId, teamId: team, channel: 'phone', route, deEscalationFrom: route === 'de_escalation' ? 'gosa' : null,
          children: [{ clientId, person: { name: `Kind ${n}`, birthDate: date(received - (age * 365 + 100) * DAY), bsn: null } }],
          familyMembers: [{ clientId: parentId, relation: 'parent', person: { name: `Ouder ${n}`, birthDate: null, bsn: null } }],
          referrer: { organisation: ORGS[n % ORGS.length], role: 'verwijzer', contact: `verwijzer ${n % 50}` }, helpQuestion: 'Hulp bij de opvoeding.', themes: ['opvoeding'],
          etmIndication: 3 + (n % 3), intellectualDisability: false, warmHandover: true, clientConsented: true, inCareWith: 'none', caseDirectionStaysWithReferrer: true, coachSafetyConcern: false,
          receivedAt: iso(received), careHistory: [],
        },
      },
      received, 'front-office-1', 'front-office', team,
    )
    .decide({ type: 'AssessEligibility', data: { answers: { adds_value: true, voluntary_help_accepted: true }, assessedBy: coach, assessedAt: iso(received + DAY) } }, received + DAY, coach, 'coach', team);
  const streams: [string, EventToAppend[]][] = [[referralStream(referralId), referral.events]];
  const reads: { at: number; access: AccessToRecord }[] = [];
  if (n % 5 === 4) {
    referral.decide({ type: 'DeclineReferral', data: { reason: 'eligibility_not_met', redirect: 'own_network', decidedAt: iso(received + 3 * DAY) } }, received + 3 * DAY, coordinator, 'team-coordinator', team);
    return { streams, reads };
  }
  let decided = received + 3 * DAY;
  if (n % 10 === 3) {
    referral.decide({ type: 'WaitlistReferral', data: { decidedAt: iso(decided) } }, decided, coordinator, 'team-coordinator', team);
    decided += 21 * DAY;
  }
  const caseFileId = ids.next();
  const firstVisitDue = date(received + 14 * DAY);
  referral
    .decide({ type: 'AcceptReferral', data: { caseFileId, decidedAt: iso(decided) } }, decided, coordinator, 'team-coordinator', team)
    .decide({ type: 'AssignCoaches', data: { coachIds: [coach], decidedBy: coordinator, conferenceDate: date(decided), firstVisitWithinDays: 14, decidedAt: iso(decided) } }, decided, coordinator, 'team-coordinator', team);

  const opened = decided + 60_000;
  const caseFile = new Decided(caseFileDecider)
    .decide({ type: 'OpenCaseFile', data: { caseFileId, clientId, referralId, teamId: team, route, childIds: [clientId], familyMemberIds: [parentId], referredAt: iso(received), openedAt: iso(opened) } }, opened, 'system-case-planning', 'system', 'wijkteam')
    .decide({ type: 'RecordCoachesAssigned', data: { coachIds: [coach], firstVisitDue, assignedAt: iso(opened) } }, opened, 'system-case-planning', 'system', 'wijkteam')
    .decide({ type: 'AssignCaseDirector', data: { directorId: coach, directorKind: 'coach', reason: 'case_conference', assignedAt: iso(opened), membership: 'jeugdteam' } }, opened, coordinator, 'team-coordinator', team);
  const visited = decided + 2 * DAY;
  const firstVisit = new Decided(firstVisits).decide(
    {
      type: 'RecordFirstVisit',
      data: {
        caseFileId, caseFile: { status: 'open', childIds: [clientId], familyMemberIds: [parentId], referredAt: iso(received), firstVisitDue }, coachIds: [coach], familyPresent: [clientId, parentId],
        location: 'home', explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true }, zrm: Object.fromEntries(DEFAULT_ZRM_REFERENCE.domains.map(({ code }, k) => [code, 1 + ((n + k) % 5)])),
        etm: { assessmentId: ids.next(), score: 3, secondAssessorId: `coach-${team.slice(10)}-8` }, safetyAnalysisNeeded: false, sisaSignalDiscussed: true,
        caseDirector: { directorId: coach, directorKind: 'coach' }, heldOn: date(visited), heldAt: iso(visited),
      },
    },
    visited, coach, 'coach', team,
  );
  const planned = decided + 20 * DAY;
  const file = { caseFileId, clientId, familyIds: [clientId, parentId], referredAt: iso(received) };
  const [goalId, actionId] = [ids.next(), ids.next()];
  const plan = new Decided(planDecider)
    .decide({ type: 'DraftPlan', data: { file, goals: [{ goalId, text: 'Rust in huis', actions: [{ actionId, performer: { kind: 'family', clientId: parentId }, what: 'Vaste bedtijden', dueOn: date(planned + 30 * DAY) }] }], draftedBy: coach, draftedAt: iso(planned) } }, planned, coach, 'coach', team)
    .decide({ type: 'AgreePlan', data: { file, version: 1, agreedBy: [parentId], agreedOn: date(planned), signedDocumentId: null, oneFamilyOnePlanMeetingOn: null, agreedAt: iso(planned) } }, planned, coach, 'coach', team);
  const open = 120 + (n % 240);
  if (n % 5 !== 3) {
    const closed = decided + open * DAY;
    const reason = CLOSURE_REASONS[n % CLOSURE_REASONS.length];
    caseFile.decide(
      { type: 'CloseCaseFile', data: { reason, informed: ['jgz', 'huisarts'], networkParties: [], waakvlam: reason === 'goals_reached_waakvlam' ? { reviewOn: date(closed + 90 * DAY), monitoredBy: coach } : null, closedAt: iso(closed) } },
      closed, coach, 'coach', team,
    );
  }
  streams.push([caseFileStream(caseFileId), caseFile.events], [firstVisitStream(caseFileId), firstVisit.events], [planStream(caseFileId), plan.events]);

  const grantors = age < 12 ? [{ relation: 'parent' as const }] : age < 16 ? [{ relation: 'client' as const }, { relation: 'parent' as const }] : [{ relation: 'client' as const }];
  const consent = new Decided(consents);
  const consentIds = [ids.next(), ids.next()];
  consentIds.forEach((consentId, k) => {
    const at = visited + k * DAY;
    consent.decide(
      {
        type: 'GrantConsent',
        data: {
          consentId, clientId, subjectAge: age, grantors, purpose: DEFAULT_PURPOSES[(n + k) % DEFAULT_PURPOSES.length], recipient: { organisation: ORGS[(n + k) % ORGS.length], role: null },
          dataCategories: [DEFAULT_DATA_CATEGORIES[k % DEFAULT_DATA_CATEGORIES.length]], period: { from: iso(at), until: iso(at + 180 * DAY) }, evidence: { documentId: ids.next() }, grantedAt: iso(at),
        },
      },
      at, coach, 'coach', team,
    );
  });
  if (n % 3 === 0)
    consent.decide(
      {
        type: 'RefuseConsent',
        data: {
          consentId: ids.next(), clientId, subjectAge: age, purpose: DEFAULT_PURPOSES[(n + 2) % DEFAULT_PURPOSES.length], recipient: { organisation: 'school', role: null },
          dataCategories: ['help_request'], refusedBy: grantors[0].relation, reason: 'does_not_want_information_shared', refusedAt: iso(visited + 3 * DAY),
        },
      },
      visited + 3 * DAY, coach, 'coach', team,
    );
  if (n % 4 === 0)
    consent.decide({ type: 'WithdrawConsent', data: { consentId: consentIds[0], withdrawnBy: grantors[0].relation, reason: 'client_wishes', withdrawnAt: iso(visited + 40 * DAY) } }, visited + 40 * DAY, coach, 'coach', team);
  streams.push([consentStream(clientId), consent.events]);

  for (let k = 0; k < readsPerCase; k++)
    reads.push({
      at: opened + Math.floor(((k + 1) / (readsPerCase + 1)) * open * DAY),
      access: { clientId, part: k % 4 === 0 ? 'plan' : 'case-file', userId: coach, role: 'coach', organisation: team, onBehalfOf: null, purpose: 'care_delivery' },
    });
  return { streams, reads };
}

/** Generates `shape.cases` cases into `store` (appending in case order) and returns what it holds. */
export async function generateMunicipalityHistory(store: EventStore, shape: HistoryShape): Promise<History> {
  let now = START;
  const log = new AccessLog('case-planning', store, { now: () => new Date(now) }, ids);
  for (let from = 0; from < shape.cases; from += CONCURRENT_CASES) {
    const cases = Array.from({ length: Math.min(CONCURRENT_CASES, shape.cases - from) }, (_, k) => decideCase(from + k, shape.casesPerYear, shape.readsPerCase));
    await Promise.all(cases.flatMap(({ streams }) => streams.map(([stream, events]) => store.appendToStream(stream, events, { expectedRevision: 'no_stream' }))));
    // The clock is read when a read is recorded, before its append is awaited.
    await Promise.all(cases.flatMap(({ reads }) => reads.map(({ at, access }) => ((now = at), log.record(access)))));
  }
  return { events: Number(await store.headPosition()), cases: shape.cases, years: shape.cases / shape.casesPerYear };
}
