import { Module } from '@nestjs/common';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { SafetyController } from './api/safety.controller';
import { GetSafetyQueryHandler, HandleSafetyCommandHandler } from './application/safety.handlers';

/** The safety service: ETM, safety plan, Meldcode steps, escalations, risk signals. */
@Module({
  imports: [messagingFor('safety')],
  controllers: [SafetyController, erasureFollowerFor('safety')],
  providers: [HandleSafetyCommandHandler, GetSafetyQueryHandler],
})
export class SafetyModule {}
