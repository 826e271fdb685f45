import { IsCanonicalId } from '@wijkteam/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { LEGAL_GROUNDS, type LegalGroundCode } from '../domain/disclosure-policy';
import type { DisclosureRequest } from '../domain/disclosure-policy';
import { ScopeDto, toRecipient } from './consent-scope.dto';

export class LegalGroundDto {
  @ApiProperty({ enum: LEGAL_GROUNDS, description: 'seed 001: child safety (Meldcode) or care allocation/billing (Jeugdwet).' })
  @IsIn(LEGAL_GROUNDS)
  ground!: LegalGroundCode;

  @ApiPropertyOptional({ description: 'Required for child_safety_meldcode: the safety decision it rests on.' })
  @ValidateIf((ground: LegalGroundDto) => ground.ground === 'child_safety_meldcode' || ground.safetyDecisionId !== undefined)
  @IsCanonicalId()
  safetyDecisionId?: string;
}

/** The decision is about now (server clock): a caller cannot obtain a permit for another moment. */
export class DecideDisclosureDto extends ScopeDto {
  @ApiProperty({ description: 'Opaque client id (UUID).' })
  @IsCanonicalId()
  clientId!: string;

  @ApiPropertyOptional({ type: LegalGroundDto, description: 'Only when disclosing without consent.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalGroundDto)
  legalGround?: LegalGroundDto;
}

export class RecordDisclosureDto extends ScopeDto {
  @ApiProperty({ description: 'The permit this disclosure acted on.' })
  @IsCanonicalId()
  decisionId!: string;

  @ApiProperty()
  @IsCanonicalId()
  clientId!: string;
}

/** The decision request both edges (HTTP and NATS `consent.decide`) hand to the command. */
export function toDisclosureRequest(body: DecideDisclosureDto): DisclosureRequest {
  const legalGround = body.legalGround ? { ground: body.legalGround.ground, safetyDecisionId: body.legalGround.safetyDecisionId ?? null } : null;
  return { clientId: body.clientId, recipient: toRecipient(body.recipient), purpose: body.purpose, dataCategories: body.dataCategories, legalGround };
}
