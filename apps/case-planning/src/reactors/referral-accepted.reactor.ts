import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { CoachesAssigned, DomainError, type PublicEvent, ReferralAccepted } from '@wijkteam/contracts';
import { ConsumeEvents } from '@wijkteam/messaging';
import type { CommandContext } from '@wijkteam/runtime';
import { CaseFiles } from '../application/case-files';
import { IntakeLookups, type ReferralAssignment } from '../application/intake-lookups';

const contextOf = (event: PublicEvent): CommandContext => ({ actor: event.actor, correlationId: event.correlationId, causationId: event.id });

/**
 * seed 000: the case file (ZCD) is opened as soon as a referral is accepted. Intake decides, this
 * service reacts to the public events (validated on arrival; older versions upcast). A redelivery
 * finds the file already open or the coaches already recorded: the decider refuses the repeat, so
 * the effect happens once without an inbox.
 *
 * The case conference may assign the coaches before or after the acceptance, and the two events
 * travel apart: both handlers ask intake for the referral as it stands, so whichever runs last
 * records the coaches and the first-visit deadline (seed 000: within 2 weeks of the referral).
 */
@Controller()
export class ReferralAcceptedReactor {
  constructor(
    private readonly commands: CommandBus,
    private readonly intake: IntakeLookups,
  ) {}

  @ConsumeEvents('case-planning', ReferralAccepted)
  async onReferralAccepted(@Payload() event: PublicEvent<typeof ReferralAccepted>): Promise<void> {
    const { caseFileId, clientId, referralId, teamId, route, childIds, familyMemberIds, decidedAt } = event.data;
    const referral = await this.intake.referralAssignment(referralId);
    const data = { caseFileId, clientId, referralId, teamId, route, childIds, familyMemberIds, openedAt: decidedAt, ...(referral.receivedAt ? { referredAt: referral.receivedAt } : {}) };
    await ignoring('case_file_already_open', this.commands.execute(new CaseFiles.Command(caseFileId, { type: 'OpenCaseFile', data }, contextOf(event))));
    await this.recordCoaches(caseFileId, referral, event);
  }

  @ConsumeEvents('case-planning', CoachesAssigned)
  async onCoachesAssigned(@Payload() event: PublicEvent<typeof CoachesAssigned>): Promise<void> {
    const referral = await this.intake.referralAssignment(event.data.referralId);
    // Not accepted yet: the opening will record them.
    if (referral.caseFileId) await this.recordCoaches(referral.caseFileId, referral, event);
  }

  private async recordCoaches(caseFileId: string, referral: ReferralAssignment, event: PublicEvent): Promise<void> {
    if (referral.coachIds.length === 0 || !referral.firstVisitDue) return;
    const command = { type: 'RecordCoachesAssigned' as const, data: { coachIds: referral.coachIds, firstVisitDue: referral.firstVisitDue, assignedAt: event.time } };
    // case_file_not_found: the opening is still on its way and will record them itself.
    await ignoring(['coaches_already_recorded', 'case_file_not_found', 'not_found'], this.commands.execute(new CaseFiles.Command(caseFileId, command, contextOf(event))));
  }
}

async function ignoring(codes: string | string[], work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError && ([] as string[]).concat(codes).includes(error.code)) return;
    throw error;
  }
}
