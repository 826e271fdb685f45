import { IsCanonicalId } from '@wijkteam/runtime';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { REFUSAL_REASONS, type RefusalReason, RELATIONS, type Relation, WITHDRAWAL_REASONS, type WithdrawalReason } from '../domain/consent-policy';
import type { ConsentCommand } from '../domain/consent';
import { ScopeDto, toRecipient } from './consent-scope.dto';

export class GrantorDto {
  @ApiProperty({ enum: RELATIONS, description: 'Who signs: the client, a parent or a guardian (no names).' })
  @IsIn(RELATIONS)
  relation!: Relation;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-01-10T00:00:00.000Z' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-07-10T00:00:00.000Z' })
  @IsISO8601({ strict: true })
  until!: string;
}

export class EvidenceDto {
  @ApiProperty({ description: 'Id of the signed consent form in the case file (seed 000: "formulier in het ZCD").' })
  @IsCanonicalId()
  documentId!: string;
}

class ClientAgeDto extends ScopeDto {
  @ApiProperty({ description: 'Opaque client id (UUID).' })
  @IsCanonicalId()
  clientId!: string;

  @ApiProperty({ minimum: 0, maximum: 30, description: 'Age in years at the time; only its band is stored.' })
  @IsInt()
  @Min(0)
  @Max(30)
  subjectAge!: number;
}

export class GrantConsentDto extends ClientAgeDto {
  @ApiProperty({ type: [GrantorDto], description: '12-15: both the youth and a parent/guardian sign.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => GrantorDto)
  grantors!: GrantorDto[];

  @ApiProperty({ type: PeriodDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PeriodDto)
  period!: PeriodDto;

  @ApiProperty({ type: EvidenceDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto;
}

export class RefuseConsentDto extends ClientAgeDto {
  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  refusedBy!: Relation;

  @ApiProperty({ enum: REFUSAL_REASONS, description: 'seed 000: a refusal is recorded with its reason.' })
  @IsIn(REFUSAL_REASONS)
  reason!: RefusalReason;
}

export class WithdrawConsentDto {
  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  withdrawnBy!: Relation;

  @ApiProperty({ enum: WITHDRAWAL_REASONS })
  @IsIn(WITHDRAWAL_REASONS)
  reason!: WithdrawalReason;
}

/** The commands both edges (HTTP and NATS) build from these DTOs: one mapping, one set of rules. */
export function grantConsentCommand(body: GrantConsentDto, consentId: string, now: string): ConsentCommand {
  return {
    type: 'GrantConsent',
    data: {
      consentId, clientId: body.clientId, subjectAge: body.subjectAge, grantors: body.grantors.map(({ relation }) => ({ relation })),
      purpose: body.purpose, recipient: toRecipient(body.recipient), dataCategories: body.dataCategories,
      period: { from: body.period.from, until: body.period.until }, evidence: { documentId: body.evidence.documentId }, grantedAt: now,
    },
  };
}

export function refuseConsentCommand(body: RefuseConsentDto, consentId: string, now: string): ConsentCommand {
  return {
    type: 'RefuseConsent',
    data: {
      consentId, clientId: body.clientId, subjectAge: body.subjectAge, refusedBy: body.refusedBy, purpose: body.purpose,
      recipient: toRecipient(body.recipient), dataCategories: body.dataCategories, reason: body.reason, refusedAt: now,
    },
  };
}

export function withdrawConsentCommand(body: WithdrawConsentDto, consentId: string, now: string): ConsentCommand {
  return { type: 'WithdrawConsent', data: { consentId, withdrawnBy: body.withdrawnBy, reason: body.reason, withdrawnAt: now } };
}
