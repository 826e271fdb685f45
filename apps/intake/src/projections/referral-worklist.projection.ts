import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager, In } from 'typeorm';
import { type Channel, type DoubtReason, referralStream, type ReferralEvent, type Route } from '../domain/referral';

export type WorklistStatus = 'received' | 'waitlisted' | 'accepted' | 'declined' | 'withdrawn';

/** One referral as the worklists show it: ids, codes and dates only, never a name. */
export interface ReferralWorklistRow {
  referralId: string;
  /** The organisation code of the receiving team; null for a referral of before issue 13. */
  teamId: string | null;
  clientId: string;
  /** JSON array of the children's client ids, the referred child first. */
  childIds: string;
  route: Route;
  channel: Channel;
  status: WorklistStatus;
  priority: 'urgent' | 'regular' | null;
  /** The waiting-list order as a number (0 urgent, 1 regular), so the list is read in index order. */
  priorityRank: number | null;
  etmIndication: number | null;
  receivedAt: string;
  waitlistedAt: string | null;
  inDoubt: DoubtReason | null;
  markedForDiscussion: boolean;
  /** JSON array of the assigned coaches' user ids (`[]` before the case conference). */
  coachIds: string;
  firstVisitDue: string | null;
  caseFileId: string | null;
  /** When it was accepted, declined or withdrawn. */
  decidedAt: string | null;
}

/** Who a referral is assigned to: one row per coach, for "my referrals". */
export interface ReferralWorklistCoachRow {
  referralId: string;
  coachId: string;
}

export const ReferralWorklistReferrals = new EntitySchema<ReferralWorklistRow>({
  name: 'referral_worklist_referrals',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    childIds: { type: 'text', name: 'child_ids' },
    route: { type: 'varchar', length: 32 },
    channel: { type: 'varchar', length: 32 },
    status: { type: 'varchar', length: 12 },
    priority: { type: 'varchar', length: 8, nullable: true },
    priorityRank: { type: 'integer', nullable: true, name: 'priority_rank' },
    etmIndication: { type: 'integer', nullable: true, name: 'etm_indication' },
    receivedAt: { type: 'varchar', length: 32, name: 'received_at' },
    waitlistedAt: { type: 'varchar', length: 32, nullable: true, name: 'waitlisted_at' },
    inDoubt: { type: 'varchar', length: 32, nullable: true, name: 'in_doubt' },
    markedForDiscussion: { type: 'boolean', default: false, name: 'marked_for_discussion' },
    coachIds: { type: 'text', name: 'coach_ids' },
    firstVisitDue: { type: 'varchar', length: 32, nullable: true, name: 'first_visit_due' },
    caseFileId: { type: 'varchar', length: 36, nullable: true, name: 'case_file_id' },
    decidedAt: { type: 'varchar', length: 32, nullable: true, name: 'decided_at' },
  },
  indices: [
    // new referrals and the conference agenda: a team's received referrals by date
    { name: 'referral_worklist_team_status_received', columns: ['teamId', 'status', 'receivedAt'] },
    // the waiting list: urgent first, then the oldest
    { name: 'referral_worklist_team_status_priority', columns: ['teamId', 'status', 'priorityRank', 'receivedAt', 'referralId'] },
    { name: 'referral_worklist_team_discussion', columns: ['teamId', 'markedForDiscussion', 'receivedAt'] },
    { name: 'referral_worklist_team_doubt', columns: ['teamId', 'inDoubt', 'receivedAt'] },
  ],
});

export const ReferralWorklistCoaches = new EntitySchema<ReferralWorklistCoachRow>({
  name: 'referral_worklist_coaches',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    coachId: { type: 'varchar', length: 64, primary: true, name: 'coach_id' },
  },
  indices: [{ name: 'referral_worklist_coaches_coach', columns: ['coachId', 'referralId'] }],
});

const EVENT_TYPES = [
  'ReferralReceived',
  'ReferralMarkedInDoubt',
  'ReferralDoubtResolved',
  'ReferralMarkedForDiscussion',
  'CoachesAssigned',
  'ReferralAccepted',
  'ReferralDeclined',
  'ReferralWaitlisted',
  'ReferralRemovedFromWaitingList',
] as const satisfies readonly ReferralEvent['type'][];

type Handled = Extract<ReferralEvent, { type: (typeof EVENT_TYPES)[number] }>;

/** What one event does to a referral's row (the row of ReferralReceived is made in `handle`). */
function evolve(row: ReferralWorklistRow, event: Handled): ReferralWorklistRow {
  switch (event.type) {
    case 'ReferralReceived':
      return row;
    case 'ReferralMarkedInDoubt':
      return { ...row, inDoubt: event.data.reason };
    case 'ReferralDoubtResolved':
      return { ...row, inDoubt: null };
    case 'ReferralMarkedForDiscussion':
      return { ...row, markedForDiscussion: true };
    case 'CoachesAssigned':
      // Discussed at the conference: off its agenda, as the decider folds it.
      return { ...row, coachIds: JSON.stringify(event.data.coachIds), firstVisitDue: event.data.firstVisitDue, markedForDiscussion: false };
    case 'ReferralAccepted':
      return { ...row, status: 'accepted', caseFileId: event.data.caseFileId, decidedAt: event.data.decidedAt };
    case 'ReferralDeclined':
      return { ...row, status: 'declined', decidedAt: event.data.decidedAt };
    case 'ReferralWaitlisted':
      return { ...row, status: 'waitlisted', priority: event.data.priority, priorityRank: event.data.priority === 'urgent' ? 0 : 1, waitlistedAt: event.data.decidedAt };
    case 'ReferralRemovedFromWaitingList':
      // Capacity came free: back to be decided; any other reason ends the referral.
      return event.data.reason === 'capacity_available'
        ? { ...row, status: 'received', waitlistedAt: null }
        : { ...row, status: 'withdrawn', waitlistedAt: null, decidedAt: event.data.decidedAt };
  }
}

/** The row of a new referral. A referral of before issue 13 named no team and no further children. */
function received(data: Partial<Extract<ReferralEvent, { type: 'ReferralReceived' }>['data']> & { referralId: string; clientId: string }): ReferralWorklistRow {
  return {
    referralId: data.referralId,
    teamId: data.teamId ?? null,
    clientId: data.clientId,
    childIds: JSON.stringify(data.childIds ?? [data.clientId]),
    route: data.route as Route,
    channel: data.channel as Channel,
    status: 'received',
    priority: null,
    priorityRank: null,
    etmIndication: data.etmIndication ?? null,
    receivedAt: data.receivedAt as string,
    waitlistedAt: null,
    inDoubt: null,
    markedForDiscussion: false,
    coachIds: '[]',
    firstVisitDue: null,
    caseFileId: null,
    decidedAt: null,
  };
}

/**
 * The referral worklists (issue 13): one row per referral with what the team's lists filter and sort
 * on, and one row per assigned coach. Only ids, codes and dates: the events' sealed personal fields
 * are never opened or copied. Version 2: the waiting-list order as a number (priorityRank), read in
index order. A batch is folded per referral in memory and written with
 * one upsert, as consent_index does.
 */
export const referralWorklistProjection = defineProjection({
  name: 'referral_worklist',
  version: 2,
  streamPrefixes: [referralStream.prefix],
  eventTypes: EVENT_TYPES,
  tables: [ReferralWorklistReferrals, ReferralWorklistCoaches],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    const referralIds = [...new Set(events.map((event) => referralStream.idOf(event.streamName)).filter((id): id is string => typeof id === 'string'))];
    if (referralIds.length === 0) return;
    const stored = await tx.findBy(ReferralWorklistReferrals, { referralId: In(referralIds) });
    const rows = new Map(stored.map((row) => [row.referralId, row]));
    const changed = new Set<string>();
    const coaches = new Map<string, string[]>();
    for (const event of events) {
      const referralId = referralStream.idOf(event.streamName);
      if (!referralId) continue;
      const handled = { type: event.type, data: event.data } as unknown as Handled;
      if (handled.type === 'ReferralReceived') rows.set(referralId, received(handled.data));
      const row = rows.get(referralId);
      // An event of a referral whose receipt this read model never saw: nothing to show.
      if (!row) continue;
      rows.set(referralId, evolve(row, handled));
      changed.add(referralId);
      if (handled.type === 'CoachesAssigned') coaches.set(referralId, handled.data.coachIds);
    }
    if (changed.size > 0) await tx.upsert(ReferralWorklistReferrals, [...changed].map((id) => rows.get(id) as ReferralWorklistRow), ['referralId']);
    for (const [referralId, coachIds] of coaches) {
      await tx.delete(ReferralWorklistCoaches, { referralId });
      if (coachIds.length > 0) await tx.insert(ReferralWorklistCoaches, coachIds.map((coachId) => ({ referralId, coachId })));
    }
  },
});
