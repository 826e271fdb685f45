import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { messagingFor } from '@wijkteam/runtime';

/**
 * The reporting service: read models (TypeORM), deadlines, management figures, audit replay and
 * partner feeds. It boots with health and OpenAPI; its projections arrive with the reporting issue.
 * It keeps its own access log, as every service does: an auditor's reads here are logged, and "who
 * saw my file" asks every service, this one too.
 */
@Module({ imports: [messagingFor('reporting'), AuditModule.forService('reporting')] })
export class ReportingModule {}
