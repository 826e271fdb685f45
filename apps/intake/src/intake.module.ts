import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PrivacyModule } from '@wijkteam/privacy';
import { erasureFollowerFor, messagingFor } from '@wijkteam/runtime';
import { Referrals } from './application/referrals';
import { ReferralController } from './api/referral.controller';
import { intakeGateway } from './intake.gateway';

/** The intake service: referrals, care-history check, eligibility, waiting list (docs/architecture.md). */
@Module({
  imports: [messagingFor('intake', intakeGateway), AuditModule.forService('intake'), PrivacyModule.forService('intake')],
  controllers: [ReferralController, erasureFollowerFor('intake')],
  providers: [...Referrals.handlers],
})
export class IntakeModule {}
