import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { DomainError } from '@wijkteam/contracts';
import { type PublishedEvent, ServiceEventPattern } from '@wijkteam/messaging';
import { CaseFiles } from '../application/case-files';

type ReferralAccepted = PublishedEvent<'ReferralAccepted', { referralId: string; clientId: string; caseFileId: string; route: string; decidedAt: string }>;

/**
 * seed 000: the case file (ZCD) is opened as soon as a referral is accepted. Intake decides, this
 * service reacts to the public event. A redelivery finds the file already open: the decider refuses
 * the second opening, so the effect happens once without an inbox.
 */
@Controller()
export class ReferralAcceptedReactor {
  constructor(private readonly commands: CommandBus) {}

  @ServiceEventPattern('case-planning', 'jeugd.intake.ReferralAccepted')
  async onReferralAccepted(@Payload() event: ReferralAccepted): Promise<void> {
    const { caseFileId, clientId, referralId, route, decidedAt } = event.data;
    try {
      await this.commands.execute(
        new CaseFiles.Command(caseFileId, { type: 'OpenCaseFile', data: { caseFileId, clientId, referralId, route, openedAt: decidedAt } }, {
          actor: event.metadata.actor,
          correlationId: event.metadata.correlationId,
          causationId: event.id,
        }),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'case_file_already_open') return;
      throw error;
    }
  }
}
