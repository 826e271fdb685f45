import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { COMPLIANCE_CHECKS, type ComplianceCheck } from '../projections/compliance-tables';

const ORGANISATION = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const DATE = { message: '$property must be a date YYYY-MM-DD' };

/** `?team=&from=&to=`: whose findings, over which days (UTC, both ends included). */
export class ComplianceSummaryQueryDto {
  @ApiPropertyOptional({ description: "Organisatiecode van het team; zonder: alle teams (ook 'unattributed').", example: 'wijkteam-noord' })
  @IsOptional()
  @Matches(ORGANISATION, { message: 'team must be a lower-case organisation code' })
  team?: string;

  @ApiPropertyOptional({ description: 'Eerste dag (YYYY-MM-DD) van het moment van de bevinding, inclusief.', example: '2026-01-01' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  from?: string;

  @ApiPropertyOptional({ description: 'Laatste dag (YYYY-MM-DD), inclusief; niet voor from.', example: '2026-12-31' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  to?: string;
}

/** `?check=&team=&from=&to=`: one check or all. */
export class ComplianceQueryDto extends ComplianceSummaryQueryDto {
  @ApiPropertyOptional({ enum: COMPLIANCE_CHECKS, description: 'Eén controle; zonder: alle.' })
  @IsOptional()
  @IsIn(COMPLIANCE_CHECKS, { message: `check must be one of ${COMPLIANCE_CHECKS.join(', ')}` })
  check?: ComplianceCheck;
}

export class EvidenceView {
  @ApiProperty({ description: 'Het id van het event (UUIDv7).' }) eventId!: string;
  @ApiProperty({ description: 'Het type van het publieke event, bv. DisclosureRecorded.' }) type!: string;
  @ApiProperty({ description: 'De tijd die het event zelf draagt (ISO 8601, UTC).' }) at!: string;
}

export class FindingView {
  @ApiProperty({ enum: COMPLIANCE_CHECKS }) check!: string;
  @ApiProperty({
    description:
      'Welk deel van de controle: een regelcode (no_permit, no_ground, consent_not_granted, no_meldcode_decision, consent_withdrawn, consent_expired, client_erased, ' +
      'no_consent_decision, permit_not_on_consent, no_second_professional, same_professional, second_not_a_professional, changed_without_transfer, reason_does_not_fit); ' +
      'bij een termijn late (te laat gebeurd), open (nog niet gebeurd, termijn verstreken) of missed (dossier gesloten na de termijn, zonder).',
    example: 'no_permit',
  })
  detail!: string;
  @ApiProperty({ description: "Organisatiecode van het team; 'unattributed' als het team (nog) niet bekend is.", example: 'wijkteam-noord' }) team!: string;
  @ApiProperty({ description: 'Het moment: de tijd van het overtredende event, of bij een termijn het eerste moment dat die verstreken was.' }) at!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'De termijn (YYYY-MM-DD) bij first_visit_overdue en plan_overdue; anders null.' }) due!: string | null;
  @ApiProperty({ type: [EvidenceView], description: 'De events die de bevinding aantonen, oudste eerst; bij een termijn eerst het event waarmee die begon (CaseFileOpened).' })
  evidence!: EvidenceView[];
}

export class FindingsView {
  @ApiProperty({ enum: COMPLIANCE_CHECKS, nullable: true, type: String }) check!: string | null;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: [FindingView] }) findings!: FindingView[];
}

export class CheckCountView {
  @ApiProperty({ enum: COMPLIANCE_CHECKS }) check!: string;
  @ApiProperty({ description: 'Aantal bevindingen; 0 wordt ook getoond.' }) count!: number;
}

export class ComplianceSummaryView {
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: [CheckCountView], description: 'Elke controle, in vaste volgorde, ook met 0.' }) checks!: CheckCountView[];
}
