import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { ROLES, TEAMS, type Role, type Team } from '../roles';
import { DEMO_USER_IDS } from './demo-users';

export class DevelopmentTokenRequest {
  @ApiProperty({ enum: DEMO_USER_IDS, example: 'coach-noord-1' })
  @IsString({ message: 'userId must be a string' })
  @IsIn(DEMO_USER_IDS, { message: `userId must be one of the demo users: ${DEMO_USER_IDS.join(', ')}` })
  userId!: string;
}

export class DevelopmentTokenResponse {
  @ApiProperty({ description: 'Signed JWT (ES256) for the Authorization: Bearer header' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Lifetime in seconds', example: 3600 })
  expires_in!: number;
}

export class DemoUserView {
  @ApiProperty({ example: 'coach-noord-1' })
  userId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ enum: TEAMS })
  team!: Team;

  @ApiProperty({ example: 'wijkteam-noord' })
  organisation!: string;

  @ApiProperty({ example: 'Jeugd- en gezinscoach, team Noord' })
  description!: string;
}

export class JsonWebKeySetView {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  keys!: object[];
}
