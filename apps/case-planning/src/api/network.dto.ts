import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_DATA_CATEGORIES } from '@wijkteam/contracts';
import { IsCanonicalId } from '@wijkteam/runtime';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsIn, IsString, Length, Matches } from 'class-validator';
import { NETWORK_RELEVANCE, NETWORK_ROLES, type NetworkRelevance, type NetworkRole } from '../domain/network';

export class AddNetworkPartyDto {
  @ApiProperty({ description: 'Code van de organisatie, bijv. jgz, huisarts, school, kinderopvang.', example: 'jgz' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: '$property must be a lower-case organisation code' })
  party!: string;

  @ApiProperty({ enum: NETWORK_ROLES, description: 'Rol in het netwerk (seed 000: JGZ en huisarts altijd).' })
  @IsIn(NETWORK_ROLES)
  role!: NetworkRole;

  @ApiProperty({ enum: NETWORK_RELEVANCE, description: 'Waarom deze partij betrokken is (een code, geen vrije tekst).' })
  @IsIn(NETWORK_RELEVANCE)
  relevance!: NetworkRelevance;
}

export class ContactNetworkPartyDto {
  @ApiProperty({ description: 'Het gezinslid (cliënt-id) over wie contact wordt opgenomen.' })
  @IsCanonicalId()
  clientId!: string;

  @ApiProperty({ enum: DEFAULT_DATA_CATEGORIES, isArray: true, description: 'Welke gegevens gedeeld worden; toestemming moet ze dekken.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DEFAULT_DATA_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(DEFAULT_DATA_CATEGORIES, { each: true })
  dataCategories!: string[];
}

export class CompleteNetworkAnalysisDto {
  @ApiProperty({ description: 'Datum waarop de netwerkanalyse af was (YYYY-MM-DD), niet in de toekomst.', example: '2026-03-02' })
  @IsDateString({ strict: true }, { message: '$property must be a date YYYY-MM-DD' })
  @Length(10, 10, { message: '$property must be a date YYYY-MM-DD' })
  completedOn!: string;
}
