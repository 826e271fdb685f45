import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MELDCODE_NO_TALK_REASONS, MELDCODE_OUTCOMES, MELDCODE_SIGNALS } from '@wijkteam/contracts';
import { IsCanonicalId } from '@wijkteam/runtime';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDateString, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import type { MeldcodeOutcome } from '../domain/meldcode';

const DATE = { message: '$property must be a date (YYYY-MM-DD)' };

export class StartMeldcodeDto {
  @ApiPropertyOptional({ description: 'Het kind om wie het gaat (client-id); standaard het aangemelde kind van het dossier.' })
  @IsOptional()
  @IsCanonicalId()
  clientId?: string;
}

/** Step 1: the signals, as codes; what was seen or heard in words only in the (sealed) note. */
export class MapSignalsDto {
  @ApiProperty({ enum: MELDCODE_SIGNALS, isArray: true, description: 'Stap 1: de signalen in kaart.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MELDCODE_SIGNALS.length)
  @ArrayUnique()
  @IsIn(MELDCODE_SIGNALS, { each: true })
  signals!: string[];

  @ApiPropertyOptional({ maxLength: 4000, description: 'Toelichting (persoonsgegeven: versleuteld opgeslagen onder de sleutel van het kind, nooit gepubliceerd).' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}

/** Step 2: the colleague consulted (a member of the file's team), and whether Veilig Thuis was asked for advice. */
export class ConsultColleagueDto {
  @ApiProperty({ description: 'Gebruikers-id van de geconsulteerde collega (een ander teamlid dan uzelf).' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'consultedId must be a lower-case user id' })
  consultedId!: string;

  @ApiProperty({ description: 'Is advies gevraagd aan Veilig Thuis?' })
  @IsBoolean()
  veiligThuisAdvice!: boolean;

  @ApiPropertyOptional({ description: 'Datum van het advies van Veilig Thuis (verplicht als het is gevraagd).' })
  @ValidateIf((body: ConsultColleagueDto) => body.veiligThuisAdvice === true || body.veiligThuisAdviceOn !== undefined)
  @IsDateString({ strict: true }, DATE)
  veiligThuisAdviceOn?: string;
}

/** Step 3: the talk held on a date with members of the family, or why it was not held. */
export class ClientTalkDto {
  @ApiPropertyOptional({ description: 'Datum van het gesprek.' })
  @ValidateIf((body: ClientTalkDto) => body.notHeldReason === undefined || body.heldOn !== undefined)
  @IsDateString({ strict: true }, DATE)
  heldOn?: string;

  @ApiPropertyOptional({ type: [String], description: 'Met wie (client-ids van het gezin van het dossier).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ArrayUnique()
  @IsCanonicalId({ each: true })
  withClientIds?: string[];

  @ApiPropertyOptional({ enum: MELDCODE_NO_TALK_REASONS, description: 'Waarom het gesprek niet is gevoerd.' })
  @IsOptional()
  @IsIn(MELDCODE_NO_TALK_REASONS)
  notHeldReason?: string;
}

/** Step 4: each question of the afwegingskader (by its code) answered yes or no. */
export class WeighDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, description: 'Antwoord (ja/nee) per vraag van het afwegingskader, op code.' })
  @IsObject()
  answers!: Record<string, boolean>;
}

/** Step 5: report to Veilig Thuis and/or organise help, or no further action. */
export class DecideDto {
  @ApiProperty({ enum: MELDCODE_OUTCOMES })
  @IsIn(MELDCODE_OUTCOMES)
  outcome!: MeldcodeOutcome;
}
