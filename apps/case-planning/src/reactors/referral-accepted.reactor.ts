import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { DomainError, type PublicEvent, ReferralAccepted } from '@wijkteam/contracts';
import { ConsumeEvents } from '@wijkteam/messaging';
import { CaseFiles } from '../application/case-files';

/**
 * seed 000: the case file (ZCD) is opened as soon as a referral is accepted. Intake decides, this
 * service reacts to the public event (v2 of the contract, validated on arrival; a v1 message is upcast). A redelivery finds
 * the file already open: the decider refuses the second opening, so the effect happens once
 * without an inbox.
 */
@Controller()
export class ReferralAcceptedReactor {
  constructor(private readonly commands: CommandBus) {}

  @ConsumeEvents('case-planning', ReferralAccepted)
  async onReferralAccepted(@Payload() event: PublicEvent<typeof ReferralAccepted>): Promise<void> {
    const { caseFileId, clientId, referralId, teamId, route, childIds, familyMemberIds, decidedAt } = event.data;
    try {
      await this.commands.execute(
        new CaseFiles.Command(caseFileId, { type: 'OpenCaseFile', data: { caseFileId, clientId, referralId, teamId, route, childIds, familyMemberIds, openedAt: decidedAt } }, {
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.id,
        }),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'case_file_already_open') return;
      throw error;
    }
  }
}
