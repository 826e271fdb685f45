import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { CHANNELS, type Channel, DECLINE_REASONS, type DeclineReason, REDIRECTS, type Redirect, ROUTES, type Route } from '../domain/referral';

/** Personal data: encrypted with the client's own key before it is stored. */
export class ReferralClientDto {
  @ApiProperty({ description: 'Naam van het kind/de jongere.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Geboortedatum (YYYY-MM-DD); een verwachte datum voor een ongeboren kind.', example: '2015-03-02' })
  @IsDateString({ strict: true })
  @Length(10, 10, { message: 'birthDate must be a date YYYY-MM-DD' })
  birthDate!: string;
}

export class ReceiveReferralDto {
  @ApiProperty({ type: ReferralClientDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferralClientDto)
  client!: ReferralClientDto;

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
