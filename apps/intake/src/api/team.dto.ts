import { ApiProperty } from '@nestjs/swagger';
import { EXPERTISE, TEAM_KINDS, UserId } from '@wijkteam/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, registerDecorator } from 'class-validator';
import { type Expertise, MAX_CAPACITY, NEIGHBOURHOOD, type TeamKind } from '../domain/team';

/** A value of one of the contract's field kinds (libs/contracts fields.ts): one definition, at the edge as on the bus. */
export const isField = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown): boolean => schema.safeParse(value).success;

function IsField(schema: { safeParse(value: unknown): { success: boolean } }, message: string, each = false): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name: 'isField', target: target.constructor, propertyName: propertyName as string, constraints: [schema], options: { message, each }, validator: { validate: (value: unknown) => isField(schema, value) } });
}

/** A member's profile in the team directory: codes and a count, no personal data. */
export class TeamMemberDto {
  @ApiProperty({ enum: TEAM_KINDS, description: 'Soort team: jeugdteam of volwassenenteam.' })
  @IsIn(TEAM_KINDS)
  kind!: TeamKind;

  @ApiProperty({ description: 'Wijk als code in kleine letters (bijv. noord, oud-west).', example: 'noord' })
  @IsString()
  @Matches(NEIGHBOURHOOD, { message: '$property must be a lower-case code' })
  neighbourhood!: string;

  @ApiProperty({ enum: EXPERTISE, isArray: true, description: 'Expertise van de coach (seed 002).' })
  @IsArray()
  @ArrayMaxSize(EXPERTISE.length)
  @ArrayUnique()
  @IsIn(EXPERTISE, { each: true })
  expertise!: Expertise[];

  @ApiProperty({ minimum: 0, maximum: MAX_CAPACITY, description: 'Capaciteit: het aantal gezinnen dat de coach kan begeleiden.' })
  @IsInt()
  @Min(0)
  @Max(MAX_CAPACITY)
  capacity!: number;
}

const DATE = { message: '$property must be a date YYYY-MM-DD' };

/** The case conference's decision: one or two coaches of the referral's team. */
export class AssignCoachesDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 2, description: 'Eén of twee coaches (gebruikers-id) van het team van de aanmelding.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsString({ each: true })
  @IsField(UserId, '$property must hold opaque user ids (no e-mail address)', true)
  coachIds!: string[];

  @ApiProperty({ required: false, description: 'Datum van het casusoverleg (YYYY-MM-DD); standaard vandaag (UTC).', example: '2026-03-02' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  conferenceDate?: string;
}
