import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, CommandRunner, type Loaded } from '@wijkteam/runtime';
import { type ReferralCommand, type ReferralEvent, referralDecider, type ReferralState, referralStream } from '../domain/referral';

export class HandleReferralCommand {
  constructor(
    readonly referralId: string,
    readonly command: ReferralCommand,
    readonly context: CommandContext,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(HandleReferralCommand)
export class HandleReferralCommandHandler implements ICommandHandler<HandleReferralCommand, CommandResult<ReferralState, ReferralEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ referralId, command, context, ifMatch }: HandleReferralCommand): Promise<CommandResult<ReferralState, ReferralEvent>> {
    return this.runner.run(referralDecider, referralStream(referralId), command, context, { ifMatch });
  }
}

export class GetReferralQuery {
  constructor(readonly referralId: string) {}
}

@QueryHandler(GetReferralQuery)
export class GetReferralQueryHandler implements IQueryHandler<GetReferralQuery, Loaded<ReferralState> & { revision: bigint }> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ referralId }: GetReferralQuery): Promise<Loaded<ReferralState> & { revision: bigint }> {
    return this.runner.loadExisting(referralDecider, referralStream(referralId));
  }
}
