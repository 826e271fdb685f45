import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CHANNELS, type Channel, DECLINE_REASONS, type DeclineReason, REDIRECTS, type Redirect, ROUTES, type Route } from '../domain/referral';

export class ReceiveReferralDto {
  @ApiPropertyOptional({ description: 'Opaque client id (UUID); a new one is made when absent.' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: ROUTES, description: 'Route of the referral (seed 000).' })
  @IsIn(ROUTES)
  route!: Route;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'ETM indication by the referrer, if known.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  etmIndication?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  intellectualDisability?: boolean;
}

export class DeclineReferralDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiProperty({ enum: REDIRECTS, description: 'Where the client is sent instead.' })
  @IsIn(REDIRECTS)
  redirect!: Redirect;
}
