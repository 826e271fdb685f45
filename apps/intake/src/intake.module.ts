import { Module } from '@nestjs/common';
import { GetReferralQueryHandler, HandleReferralCommandHandler } from './application/referral.handlers';
import { ReferralController } from './api/referral.controller';

/** The intake service: referrals, care-history check, eligibility, waiting list (ARCHITECTURE.md). */
@Module({
  controllers: [ReferralController],
  providers: [HandleReferralCommandHandler, GetReferralQueryHandler],
})
export class IntakeModule {}
