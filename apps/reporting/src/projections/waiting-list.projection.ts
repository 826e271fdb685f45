import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type PublicEvent, ReferralAccepted, ReferralDeclined, ReferralRemovedFromWaitingList, ReferralWaitlisted } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, ProjectionHost, saveRow, updateRows } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { UNATTRIBUTED } from './figure-counts';
import { instant } from './intervals';

/** How a referral left the waiting list: intake accepted or declined it, or removed it for a reason. */
export type WaitingListExit = 'accepted' | 'declined' | 'removed';

/** One stay on the waiting list, in event time: from the waitlisting until intake's next decision. */
export interface WaitingListEntryRow {
  referralId: string;
  team: string;
  /** seed 004: Veilig Thuis and ETM 5 are urgent. */
  priority: string;
  waitlistedAt: string;
  leftAt: string | null;
  leftAs: WaitingListExit | null;
}

export const WaitingListEntries = new EntitySchema<WaitingListEntryRow>({
  name: 'reporting_waiting_list_entries',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    team: { type: 'varchar', length: 64 },
    priority: { type: 'varchar', length: 16 },
    waitlistedAt: { type: 'varchar', length: 24, name: 'waitlisted_at' },
    leftAt: { type: 'varchar', length: 24, nullable: true, name: 'left_at' },
    leftAs: { type: 'varchar', length: 16, nullable: true, name: 'left_as' },
  },
  indices: [{ name: 'reporting_waiting_list_entries_stay', columns: ['team', 'waitlistedAt', 'leftAt'] }],
});

/**
 * The waiting list (seed 004) as intake decided it: a referral waitlisted is on it until it is
 * accepted, declined or removed. Ids, a team code, the priority and two times: no one's name.
 * Intake waitlists a referral once (a second waitlisting is refused), so a referral is one entry.
 */
export const waitingListProjection = defineBusProjection({ name: 'reporting_waiting_list', version: 1, tables: [WaitingListEntries] });

type WaitingListEvent = PublicEvent<typeof ReferralWaitlisted | typeof ReferralAccepted | typeof ReferralDeclined | typeof ReferralRemovedFromWaitingList>;

const EXIT: Record<Exclude<WaitingListEvent['type'], 'ReferralWaitlisted'>, WaitingListExit> = {
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  ReferralRemovedFromWaitingList: 'removed',
};

export async function recordWaitingList(tx: EntityManager, event: WaitingListEvent): Promise<void> {
  const { referralId, decidedAt } = event.data;
  if (event.type === 'ReferralWaitlisted') {
    await saveRow(tx, WaitingListEntries, { referralId, team: event.data.teamId ?? UNATTRIBUTED, priority: event.data.priority, waitlistedAt: instant(decidedAt), leftAt: null, leftAs: null });
    return;
  }
  // A decision on a referral that was never waitlisted changes nothing here.
  await updateRows(tx, WaitingListEntries, { referralId, leftAt: null }, { leftAt: instant(decidedAt), leftAs: EXIT[event.type] });
}

@Controller()
export class WaitingListFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for intake's events: a referral's waitlisting precedes the decision that ends it. */
  @ReadModelEvents('reporting', waitingListProjection, ReferralWaitlisted, ReferralAccepted, ReferralDeclined, ReferralRemovedFromWaitingList)
  async onReferralEvent(@Payload() event: WaitingListEvent): Promise<void> {
    await this.projections.applyOnce(waitingListProjection.name, event.id, (tx) => recordWaitingList(tx, event));
  }
}
