import { Module } from '@nestjs/common';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { GetReferralQueryHandler, HandleReferralCommandHandler } from './application/referral.handlers';
import { ReferralController } from './api/referral.controller';

/** The intake service: referrals, care-history check, eligibility, waiting list (ARCHITECTURE.md). */
@Module({
  imports: [messagingFor('intake')],
  controllers: [ReferralController, erasureFollowerFor('intake')],
  providers: [HandleReferralCommandHandler, GetReferralQueryHandler],
})
export class IntakeModule {}
