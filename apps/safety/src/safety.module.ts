import { Module } from '@nestjs/common';
import { messagingFor } from '@wijkteam/runtime';
import { SafetyController } from './api/safety.controller';
import { GetSafetyQueryHandler, HandleSafetyCommandHandler } from './application/safety.handlers';

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
@Module({
  imports: [messagingFor('safety')],
  controllers: [SafetyController],
  providers: [HandleSafetyCommandHandler, GetSafetyQueryHandler],
})
export class SafetyModule {}
