import { IsCanonicalId } from '@wijkteam/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ELIGIBILITY_CONDITIONS, IN_CARE_WITH } from '@wijkteam/contracts';
import { Type } from 'class-transformer';
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
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import type { EligibilityCondition, InCareWith } from '../domain/eligibility';
import {
  CHANNELS,
  type Channel,
  DE_ESCALATION_ORIGINS,
  type DeEscalationOrigin,
  DECLINE_REASONS,
  type DeclineReason,
  DOUBT_REASONS,
  type DoubtReason,
  EXPERTISE,
  type Expertise,
  FAMILY_RELATIONS,
  type FamilyRelation,
  REDIRECTS,
  type Redirect,
  ROUTES,
  type Route,
  WAITLIST_REMOVAL_REASONS,
  type WaitlistRemovalReason,
} from '../domain/referral';

/** The eleven test (elfproef) of a BSN: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, not 0. */
export function isBsn(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((total, digit, index) => total + digit * (9 - index), 0) - digits[8];
  return sum !== 0 && sum % 11 === 0;
}

function IsBsn(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name: 'isBsn', target: target.constructor, propertyName: propertyName as string, options: { message: '$property must be a BSN of 9 digits passing the elfproef' }, validator: { validate: isBsn } });
}

const DATE = { message: '$property must be a date YYYY-MM-DD' };

/** Personal data: encrypted with the person's own key before it is stored. */
export class PersonDto {
  @ApiProperty({ description: 'Naam.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'Geboortedatum (YYYY-MM-DD); voor een kind verplicht, een verwachte datum voor een ongeboren kind.', example: '2015-03-02' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  birthDate?: string;

  @ApiPropertyOptional({ description: 'Burgerservicenummer (9 cijfers, elfproef), indien bekend.', example: '111222333' })
  @IsOptional()
  @IsBsn()
  bsn?: string;
}

export class ChildDto {
  @ApiPropertyOptional({ description: 'Opaque client id (UUID) of a known client; a new one is made when absent.' })
  @IsOptional()
  @IsCanonicalId()
  clientId?: string;

  @ApiProperty({ type: PersonDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PersonDto)
  person!: PersonDto;
}

export class FamilyMemberDto extends ChildDto {
  @ApiProperty({ enum: FAMILY_RELATIONS, description: 'Relation to the referred child.' })
  @IsIn(FAMILY_RELATIONS)
  relation!: FamilyRelation;
}

/** Personal data (the referrer is a person): sealed with the referred child's key. */
export class ReferrerDto {
  @ApiProperty({ description: 'Organisatie van de verwijzer (bijv. school, huisartsenpraktijk).' })
  @IsString()
  @Length(1, 200)
  organisation!: string;

  @ApiProperty({ description: 'Rol van de verwijzer (bijv. jeugdverpleegkundige, intern begeleider).' })
  @IsString()
  @Length(1, 200)
  role!: string;

  @ApiProperty({ description: 'Contactgegevens van de verwijzer (naam, telefoon of e-mail).' })
  @IsString()
  @Length(1, 300)
  contact!: string;
}

export class ReceiveReferralDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: ROUTES, description: 'Route of the referral (seed 000).' })
  @IsIn(ROUTES)
  route!: Route;

  @ApiPropertyOptional({ enum: DE_ESCALATION_ORIGINS, description: 'Route de_escalation only (and required there): where the client comes from.' })
  @ValidateIf((dto: ReceiveReferralDto) => dto.route === 'de_escalation' || dto.deEscalationFrom !== undefined)
  @IsIn(DE_ESCALATION_ORIGINS)
  deEscalationFrom?: DeEscalationOrigin;

  @ApiProperty({ type: [ChildDto], description: 'The children concerned (1-12); the first is the referred child. Age: from 9 months before birth to 23 years.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children!: ChildDto[];

  @ApiPropertyOptional({ type: [FamilyMemberDto], description: 'Other family members concerned (any age).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FamilyMemberDto)
  familyMembers?: FamilyMemberDto[];

  @ApiProperty({ type: ReferrerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferrerDto)
  referrer!: ReferrerDto;

  @ApiProperty({ description: 'De hulpvraag in de eigen woorden van de cliënt (persoonsgegeven, versleuteld opgeslagen).' })
  @IsString()
  @Length(1, 4000)
  helpQuestion!: string;

  @ApiPropertyOptional({ enum: EXPERTISE, isArray: true, description: 'Themes of the help question (sealed): what expertise the coaches need.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EXPERTISE.length)
  @ArrayUnique()
  @IsIn(EXPERTISE, { each: true })
  themes?: Expertise[];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'ETM indication by the referrer, if known.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  etmIndication?: number;

  @ApiPropertyOptional({ default: false, description: 'Licht verstandelijke beperking (LVB).' })
  @IsOptional()
  @IsBoolean()
  intellectualDisability?: boolean;

  @ApiPropertyOptional({ description: 'The referrer hands over warmly (seed 000: warme overdracht); absent: not known yet.' })
  @IsOptional()
  @IsBoolean()
  warmHandover?: boolean;

  @ApiPropertyOptional({ description: 'The client consented to the referral; absent: not known yet.' })
  @IsOptional()
  @IsBoolean()
  clientConsented?: boolean;

  @ApiPropertyOptional({ enum: IN_CARE_WITH, default: 'unknown', description: 'Whether the client is in care with GOSA or a certified institution.' })
  @IsOptional()
  @IsIn(IN_CARE_WITH)
  inCareWith?: InCareWith;

  @ApiPropertyOptional({ description: 'Routes GI and GOSA: case direction stays with the referrer.' })
  @IsOptional()
  @IsBoolean()
  caseDirectionStaysWithReferrer?: boolean;

  @ApiPropertyOptional({ description: "Concerns about the coaches' own safety (seed 000); absent: not known yet." })
  @IsOptional()
  @IsBoolean()
  coachSafetyConcern?: boolean;
}

export class AssessEligibilityDto {
  @ApiProperty({
    description: `The team's answers per condition (${ELIGIBILITY_CONDITIONS.join(', ')}): true met, false not met.`,
    example: { adds_value: true, warm_handover: true },
    type: 'object',
    additionalProperties: { type: 'boolean' },
  })
  @IsDefined()
  @IsAnswers()
  answers!: Partial<Record<EligibilityCondition, boolean>>;
}

function IsAnswers(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAnswers',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must map conditions (${ELIGIBILITY_CONDITIONS.join(', ')}) to true or false, at least one` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length > 0 &&
          Object.entries(value).every(([key, answer]) => (ELIGIBILITY_CONDITIONS as readonly string[]).includes(key) && typeof answer === 'boolean'),
      },
    });
}

export class DeclineReferralDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiProperty({ enum: REDIRECTS, description: 'Where the client is sent instead.' })
  @IsIn(REDIRECTS)
  redirect!: Redirect;
}

export class RemoveFromWaitingListDto {
  @ApiProperty({ enum: WAITLIST_REMOVAL_REASONS, description: 'capacity_available puts the referral back to be decided; any other reason ends it.' })
  @IsIn(WAITLIST_REMOVAL_REASONS)
  reason!: WaitlistRemovalReason;
}

export class MarkInDoubtDto {
  @ApiProperty({ enum: DOUBT_REASONS, description: 'Why: the referral goes on the team coordinator’s list for consultation with the referrer.' })
  @IsIn(DOUBT_REASONS)
  reason!: DoubtReason;
}
