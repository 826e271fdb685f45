import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARENTS_NOT_INFORMED_REASONS, type ParentsNotInformedReason, RISK_SIGNAL_WITHDRAWAL_REASONS, type RiskSignalWithdrawalReason } from '@wijkteam/contracts';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';

export class IssueRiskSignalDto {
  @ApiProperty({ description: 'Het kind (client id) voor wie het signaal wordt afgegeven: een kind van het dossier.' })
  @IsUUID()
  clientId!: string;

  @ApiProperty({ description: 'Zijn de ouders geïnformeerd over het signaal.' })
  @IsBoolean()
  parentsInformed!: boolean;

  @ApiPropertyOptional({ enum: PARENTS_NOT_INFORMED_REASONS, nullable: true, description: 'Waarom de ouders niet zijn geïnformeerd (verplicht als parentsInformed false is).' })
  @IsOptional()
  @IsIn(PARENTS_NOT_INFORMED_REASONS)
  parentsNotInformedReason?: ParentsNotInformedReason | null;
}

export class WithdrawRiskSignalDto {
  @ApiProperty({ enum: RISK_SIGNAL_WITHDRAWAL_REASONS, description: 'Waarom het signaal wordt ingetrokken.' })
  @IsIn(RISK_SIGNAL_WITHDRAWAL_REASONS)
  reason!: RiskSignalWithdrawalReason;
}
