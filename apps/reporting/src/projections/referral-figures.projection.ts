import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type PublicEvent, ReferralAccepted, ReferralDeclined, ReferralReceived, ReferralWaitlisted } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, findRow, ProjectionHost, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { addToCount, figureCountsTable, monthOf, UNATTRIBUTED } from './figure-counts';

/** What became of referrals, as intake decided it (seed 000, 004). */
export const REFERRAL_OUTCOMES = ['received', 'accepted', 'declined', 'waitlisted'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** Counts per team, month, route (code) and outcome (detail). */
export const ReferralCounts = figureCountsTable('reporting_referrals_counts');

export interface ReferralRouteRow {
  referralId: string;
  route: string;
}

/**
 * A referral's route, kept only because a decline or a waitlisting does not carry it (intake's
 * public events): an id and a code, never who the referral is about.
 */
export const ReferralRoutes = new EntitySchema<ReferralRouteRow>({
  name: 'reporting_referrals_routes',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    route: { type: 'varchar', length: 64 },
  },
});

/**
 * Referrals by route and outcome, per team and month (issue 16): each of intake's decisions counted
 * once in the month it was taken, so a referral waitlisted in March and accepted in April counts
 * in both. A flow, not a stock.
 */
export const referralFiguresProjection = defineBusProjection({ name: 'reporting_referrals', version: 1, tables: [ReferralCounts, ReferralRoutes] });

type IntakeDecision = typeof ReferralReceived | typeof ReferralAccepted | typeof ReferralDeclined | typeof ReferralWaitlisted;

const OUTCOME: Record<PublicEvent<IntakeDecision>['type'], ReferralOutcome> = {
  ReferralReceived: 'received',
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  ReferralWaitlisted: 'waitlisted',
};

/** Counts one of intake's decisions; the route of a decline or waitlisting is the one it was received with. */
export async function countReferral(tx: EntityManager, event: PublicEvent<IntakeDecision>): Promise<void> {
  const { referralId, teamId } = event.data;
  let route: string;
  if ('route' in event.data) {
    route = event.data.route;
    await saveRow(tx, ReferralRoutes, { referralId, route });
  } else {
    // Intake's events arrive in one ordered group: the receipt came first. 'unknown' only for a referral received before reporting's history began.
    route = (await findRow(tx, ReferralRoutes, { referralId }))?.route ?? 'unknown';
  }
  await addToCount(tx, ReferralCounts, { team: teamId ?? UNATTRIBUTED, month: monthOf(timeOf(event)), code: route, detail: OUTCOME[event.type] });
}

function timeOf(event: PublicEvent<IntakeDecision>): string {
  return event.type === 'ReferralReceived' ? event.data.receivedAt : event.data.decidedAt;
}

@Controller()
export class ReferralFiguresFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for intake's events, so a referral's receipt (its route) precedes its decisions. */
  @ReadModelEvents('reporting', referralFiguresProjection, ReferralReceived, ReferralAccepted, ReferralDeclined, ReferralWaitlisted)
  async onReferralEvent(@Payload() event: PublicEvent<IntakeDecision>): Promise<void> {
    await this.projections.applyOnce(referralFiguresProjection.name, event.id, (tx) => countReferral(tx, event));
  }
}
