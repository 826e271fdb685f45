import { Module } from '@nestjs/common';
import { messagingFor } from '@wijkteam/runtime';

/**
 * The reporting service: read models (TypeORM), deadlines, management figures, audit replay and
 * partner feeds. It boots with health and OpenAPI; its projections arrive with the reporting issue.
 */
@Module({ imports: [messagingFor('reporting')] })
export class ReportingModule {}
