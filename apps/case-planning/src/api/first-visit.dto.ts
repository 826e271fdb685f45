import { IsCanonicalId } from '@wijkteam/runtime';
import { ApiProperty } from '@nestjs/swagger';
import { FIRST_VISIT_LOCATIONS } from '@wijkteam/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DIRECTOR_KINDS, type DirectorKind } from '../domain/case-file';
import type { FirstVisitLocation } from '../domain/first-visit';

const USER_ID = { message: '$property must hold opaque user ids (no e-mail address)' };
/** The shape of the contract's UserId (no spaces, no `@`), shorter. */
const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:|-]{0,63}$/;

export class ExplainedDto {
  @ApiProperty({ description: 'Werkwijze CJG/wijkteam uitgelegd (seed 000: verplicht).' })
  @IsBoolean()
  wayOfWorking!: boolean;

  @ApiProperty({ description: 'Privacy uitgelegd (seed 000: verplicht).' })
  @IsBoolean()
  privacy!: boolean;

  @ApiProperty({ description: 'Klachtenprocedure uitgelegd (seed 000: verplicht).' })
  @IsBoolean()
  complaintsProcedure!: boolean;
}

export class FirstVisitEtmDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'ETM-score (ernsttaxatiemodel) bij de intake; vastgelegd door de veiligheidsdienst.' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiProperty({ description: 'Gebruikers-id van de tweede beoordelaar (vier ogen).' })
  @IsString()
  @Matches(USER_ID_PATTERN, USER_ID)
  secondAssessorId!: string;
}

export class CaseDirectorDecisionDto {
  @ApiProperty({ description: 'Gebruikers-id van de coach, of de code van de GI / GOSA-tafel.' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'directorId must be a lower-case id' })
  directorId!: string;

  @ApiProperty({ enum: DIRECTOR_KINDS })
  @IsIn(DIRECTOR_KINDS)
  directorKind!: DirectorKind;
}

export class RecordFirstVisitDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 2, description: 'Wie kwamen: één of twee coaches (seed 000: bij voorkeur twee).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(USER_ID_PATTERN, { each: true, ...USER_ID })
  coachIds!: string[];

  @ApiProperty({ type: [String], minItems: 1, description: 'Aanwezige gezinsleden (cliënt-id), elk van dit dossier.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  @ArrayUnique()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((id) => (typeof id === 'string' ? id.toLowerCase() : id)) : value))
  @IsCanonicalId({ each: true })
  familyPresent!: string[];

  @ApiProperty({ enum: FIRST_VISIT_LOCATIONS, description: 'Waar (seed 000: bij voorkeur thuis).' })
  @IsIn(FIRST_VISIT_LOCATIONS)
  location!: FirstVisitLocation;

  @ApiProperty({ type: ExplainedDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExplainedDto)
  explained!: ExplainedDto;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 5 }, description: 'ZRM-score (1-5) per leefgebied van de ZRM-referentielijst.' })
  @IsObject()
  zrm!: Record<string, number>;

  @ApiProperty({ type: FirstVisitEtmDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => FirstVisitEtmDto)
  etm!: FirstVisitEtmDto;

  @ApiProperty({ description: 'Is een veiligheidsanalyse nodig (bij ETM 5 altijd).' })
  @IsBoolean()
  safetyAnalysisNeeded!: boolean;

  @ApiProperty({ description: 'Is een SISA-signaal (Verwijsindex) met de cliënt besproken.' })
  @IsBoolean()
  sisaSignalDiscussed!: boolean;

  @ApiProperty({ type: CaseDirectorDecisionDto, description: 'Wie de casusregie oppakt (besluit; de toewijzing gebeurt in het dossier).' })
  @IsDefined()
  @ValidateNested()
  @Type(() => CaseDirectorDecisionDto)
  caseDirector!: CaseDirectorDecisionDto;

  @ApiProperty({ description: 'Datum van het huisbezoek (YYYY-MM-DD), niet in de toekomst.', example: '2026-03-02' })
  @IsDateString({ strict: true }, { message: '$property must be a date YYYY-MM-DD' })
  @Length(10, 10, { message: '$property must be a date YYYY-MM-DD' })
  heldOn!: string;
}
