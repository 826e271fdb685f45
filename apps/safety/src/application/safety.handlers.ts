import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, CommandRunner, type Loaded } from '@wijkteam/runtime';
import { type SafetyCommand, safetyDecider, type SafetyEvent, type SafetyState, safetyStream } from '../domain/safety-assessment';

export class HandleSafetyCommand {
  constructor(
    readonly caseFileId: string,
    readonly command: SafetyCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(HandleSafetyCommand)
export class HandleSafetyCommandHandler implements ICommandHandler<HandleSafetyCommand, CommandResult<SafetyState, SafetyEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ caseFileId, command, context }: HandleSafetyCommand): Promise<CommandResult<SafetyState, SafetyEvent>> {
    return this.runner.run(safetyDecider, safetyStream(caseFileId), command, context);
  }
}

export class GetSafetyQuery {
  constructor(readonly caseFileId: string) {}
}

@QueryHandler(GetSafetyQuery)
export class GetSafetyQueryHandler implements IQueryHandler<GetSafetyQuery, Loaded<SafetyState> & { revision: bigint }> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ caseFileId }: GetSafetyQuery): Promise<Loaded<SafetyState> & { revision: bigint }> {
    return this.runner.loadExisting(safetyDecider, safetyStream(caseFileId));
  }
}
