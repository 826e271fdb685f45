import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEGAL_BASES, type LegalBasis } from '@wijkteam/privacy';
import { REFUSAL_REASONS, type RefusalReason, REQUESTERS, type Requester } from '../domain/destruction-request';
import { IsIn, IsInt, IsUUID, Max, Min, ValidateIf } from 'class-validator';

export class ReceiveDestructionRequestDto {
  @ApiProperty({ description: 'Opaque client id (UUID) whose file is to be destroyed.' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ enum: REQUESTERS, description: 'Jeugdwet art. 7.3.9: the youth from 12 years, or a parent or guardian.' })
  @IsIn(REQUESTERS)
  requester!: Requester;

  @ApiProperty({ description: 'The youth’s age in years when the request is made; checked, not stored.' })
  @IsInt()
  @Min(0)
  @Max(30)
  youthAge!: number;
}

export class DecideDestructionRequestDto {
  @ApiProperty({ enum: ['granted', 'refused'] })
  @IsIn(['granted', 'refused'])
  decision!: 'granted' | 'refused';

  @ApiPropertyOptional({ enum: REFUSAL_REASONS, description: 'Required when refused: the ground the law allows.' })
  @ValidateIf((dto: DecideDestructionRequestDto) => dto.decision === 'refused' || dto.reason !== undefined)
  @IsIn(REFUSAL_REASONS)
  reason?: RefusalReason;
}

export class EraseClientDto {
  @ApiProperty({ description: 'Opaque client id (UUID).' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES)
  legalBasis!: LegalBasis;

  @ApiPropertyOptional({ description: 'The granted destruction request, or the AVG request’s reference; not for retention_expired.' })
  @ValidateIf((dto: EraseClientDto) => dto.legalBasis !== 'retention_expired' || dto.requestId !== undefined)
  @IsUUID()
  requestId?: string;
}
