import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES } from '@wijkteam/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

/** Codes, not names: organisations and roles are referred to by code (no personal data in events). */
export const CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const CODE_MESSAGE = (field: string) => `${field} must be a lower-case code`;
// seed 004: "geen brede toestemming": the edge says so in words, the domain checks it again.
export const BROAD = (field: string) => `${field} is required: broad consent is not allowed (one purpose, one recipient, named data categories)`;

export class RecipientDto {
  @ApiPropertyOptional({ description: 'Organisation code, e.g. jgz, huisarts, school.' })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE('organisation') })
  organisation?: string;

  @ApiPropertyOptional({ description: 'Role code at the recipient, e.g. jeugdarts; alone, or narrowing the organisation.' })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE('role') })
  role?: string;
}

/** Purpose, recipient and data categories: what every consent, refusal, decision and disclosure names. */
export class ScopeDto {
  @ApiProperty({ enum: DEFAULT_PURPOSES, description: 'One purpose from the catalogue (a configured policy may accept fewer).' })
  @IsString({ message: BROAD('purpose') })
  @IsNotEmpty({ message: BROAD('purpose') })
  // A purpose is a code of the catalogue, never text: the public events carry it unsealed.
  @IsIn(DEFAULT_PURPOSES, { message: 'purpose must be a purpose of the catalogue' })
  purpose!: string;

  @ApiProperty({ type: RecipientDto })
  @IsDefined({ message: BROAD('recipient') })
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient!: RecipientDto;

  @ApiProperty({ enum: DEFAULT_DATA_CATEGORIES, isArray: true, description: 'Data categories from the catalogue (a configured policy may accept fewer).' })
  @IsArray({ message: BROAD('dataCategories') })
  @ArrayNotEmpty({ message: BROAD('dataCategories') })
  @ArrayMaxSize(20)
  @IsIn(DEFAULT_DATA_CATEGORIES, { each: true, message: 'dataCategories must be data categories of the catalogue' })
  dataCategories!: string[];
}

export const toRecipient = (dto: RecipientDto) => ({ organisation: dto.organisation ?? null, role: dto.role ?? null });
