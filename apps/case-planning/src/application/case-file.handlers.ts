import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CommandContext, type CommandResult, CommandRunner, type Loaded } from '@wijkteam/runtime';
import { type CaseFileCommand, caseFileDecider, type CaseFileEvent, type CaseFileState, caseFileStream } from '../domain/case-file';

export class HandleCaseFileCommand {
  constructor(
    readonly caseFileId: string,
    readonly command: CaseFileCommand,
    readonly context: CommandContext,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(HandleCaseFileCommand)
export class HandleCaseFileCommandHandler implements ICommandHandler<HandleCaseFileCommand, CommandResult<CaseFileState, CaseFileEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ caseFileId, command, context, ifMatch }: HandleCaseFileCommand): Promise<CommandResult<CaseFileState, CaseFileEvent>> {
    return this.runner.run(caseFileDecider, caseFileStream(caseFileId), command, context, { ifMatch });
  }
}

export class GetCaseFileQuery {
  constructor(readonly caseFileId: string) {}
}

@QueryHandler(GetCaseFileQuery)
export class GetCaseFileQueryHandler implements IQueryHandler<GetCaseFileQuery, Loaded<CaseFileState> & { revision: bigint }> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ caseFileId }: GetCaseFileQuery): Promise<Loaded<CaseFileState> & { revision: bigint }> {
    return this.runner.loadExisting(caseFileDecider, caseFileStream(caseFileId));
  }
}
