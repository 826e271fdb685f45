import { Module } from '@nestjs/common';

/**
 * The consent service: grants, refusals, withdrawals, the disclosure decision and the disclosure log
 * (seeds 000, 001, 004). It boots with health and OpenAPI; its commands arrive with the consent issue.
 */
@Module({})
export class ConsentModule {}
