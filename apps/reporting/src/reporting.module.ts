import { Module } from '@nestjs/common';
import { messagingFor } from '@wijkteam/runtime';
import { AuditVerificationController } from './api/audit-verification.controller';
import { Sealer } from './application/sealer';
import { ReportingSettings } from './reporting.settings';

/**
 * The reporting service: read models (TypeORM), deadlines, management figures, audit replay and
 * partner feeds; and the seals over the store's history that make a change behind its back show.
 */
@Module({
  imports: [messagingFor('reporting')],
  controllers: [AuditVerificationController],
  providers: [ReportingSettings.provider, Sealer],
})
export class ReportingModule {}
