import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WAITLIST_PRIORITIES } from '@wijkteam/contracts';
import { PageQueryDto } from '@wijkteam/runtime';
import { IsDateString, IsIn, IsOptional, Length } from 'class-validator';
import { CHANNELS, type Channel, DOUBT_REASONS, type DoubtReason, ROUTES, type Route } from '../domain/referral';

/** `?page=1&pageSize=50&route=…`: every worklist is paged and may be narrowed to one route. */
export class WorklistQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROUTES, description: 'Alleen aanmeldingen via deze route.' })
  @IsOptional()
  @IsIn(ROUTES)
  route?: Route;
}

export class WaitingListQueryDto extends WorklistQueryDto {
  @ApiPropertyOptional({ enum: WAITLIST_PRIORITIES, description: 'Alleen deze prioriteit (urgent: Veilig Thuis en ETM 5).' })
  @IsOptional()
  @IsIn(WAITLIST_PRIORITIES)
  priority?: (typeof WAITLIST_PRIORITIES)[number];
}

export class CaseConferenceQueryDto extends WorklistQueryDto {
  @ApiPropertyOptional({ description: 'Datum van het casuïstiekoverleg (YYYY-MM-DD); standaard het eerstvolgende.', example: '2026-12-07' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: '$property must be a date YYYY-MM-DD' })
  @Length(10, 10, { message: '$property must be a date YYYY-MM-DD' })
  date?: string;
}

export class WorklistItemView {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid', description: 'Het aangemelde kind.' }) clientId!: string;
  @ApiProperty({ type: [String], description: 'Alle kinderen van de aanmelding (client ids), het aangemelde kind eerst.' }) childIds!: string[];
  @ApiProperty({ enum: ROUTES }) route!: Route;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ enum: ['received', 'waitlisted', 'accepted', 'declined', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ enum: WAITLIST_PRIORITIES, nullable: true }) priority!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 5 }) etmIndication!: number | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiPropertyOptional({ enum: DOUBT_REASONS, nullable: true, description: 'Reden van twijfel, of null.' }) inDoubt!: DoubtReason | null;
  @ApiProperty() markedForDiscussion!: boolean;
  @ApiProperty({ type: [String], description: 'Toegewezen coaches (user ids).' }) coachIds!: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: 'Eerste huisbezoek uiterlijk.' }) firstVisitDue!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) caseFileId!: string | null;
}

export class WaitingListItemView extends WorklistItemView {
  @ApiProperty({ description: 'Hele dagen sinds de aanmelding.' }) daysWaiting!: number;
}

export class WorklistPageView {
  @ApiProperty({ type: [WorklistItemView] }) items!: WorklistItemView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Aantal over alle pagina’s.' }) total!: number;
}

export class WaitingListPageView extends WorklistPageView {
  @ApiProperty({ type: [WaitingListItemView] }) declare items: WaitingListItemView[];
}

export class CaseConferenceDatesView {
  @ApiProperty({ format: 'date', description: 'Het eerstvolgende casuïstiekoverleg (vandaag als er vandaag een is).' }) date!: string;
  @ApiProperty({ format: 'date', description: 'Het overleg daarvoor.' }) previousDate!: string;
}

export class CaseConferencePageView extends WorklistPageView {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ format: 'date' }) previousDate!: string;
}
