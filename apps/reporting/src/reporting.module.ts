import { Module } from '@nestjs/common';

/**
 * The reporting service: read models (TypeORM), deadlines, management figures, audit replay and
 * partner feeds. It boots with health and OpenAPI; its projections arrive with the reporting issue.
 */
@Module({})
export class ReportingModule {}
