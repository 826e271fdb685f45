import { Module } from '@nestjs/common';
import { CaseFileController } from './api/case-file.controller';
import { GetCaseFileQueryHandler, HandleCaseFileCommandHandler } from './application/case-file.handlers';

/** The case-planning service: case file, case direction, plan, network, evaluations, closure, handovers. */
@Module({
  controllers: [CaseFileController],
  providers: [HandleCaseFileCommandHandler, GetCaseFileQueryHandler],
})
export class CasePlanningModule {}
