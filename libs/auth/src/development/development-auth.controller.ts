import { Body, Controller, Get, HttpCode, Post, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { Public } from '../decorators/public.decorator';
import { DEMO_USERS } from './demo-users';
import { DEVELOPMENT_TOKEN_LIFETIME_SECONDS, DevelopmentIssuer } from './development-issuer';
import { DemoUserView, DevelopmentTokenRequest, DevelopmentTokenResponse, JsonWebKeySetView } from './development-token.dto';

// Own pipe, so the 400 naming the field does not depend on how the hosting app configures pipes.
const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** Only mounted in 'development' mode: hands out tokens for demo users to anyone who asks. */
@ApiTags('auth (development)')
@Public()
@Controller('auth/dev')
export class DevelopmentAuthController {
  constructor(private readonly issuer: DevelopmentIssuer) {}

  @Get('users')
  @ApiOperation({ summary: 'Demo users the development issuer can sign tokens for' })
  @ApiOkResponse({ type: DemoUserView, isArray: true })
  users(): DemoUserView[] {
    return DEMO_USERS.map(({ userId, roles, team, organisation, description }) => ({
      userId,
      roles: [...roles],
      team,
      organisation,
      description,
    }));
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Access token for a demo user (valid for one hour)' })
  @ApiOkResponse({ type: DevelopmentTokenResponse })
  @ApiBadRequestResponse({ description: 'userId is not one of the demo users' })
  async token(@Body(validation) body: DevelopmentTokenRequest): Promise<DevelopmentTokenResponse> {
    return {
      access_token: await this.issuer.issueDevelopmentToken(body.userId),
      token_type: 'Bearer',
      expires_in: DEVELOPMENT_TOKEN_LIFETIME_SECONDS,
    };
  }

  @Get('jwks.json')
  @ApiOperation({ summary: 'Public keys of the development issuer, for OIDC_JWKS_URL of other services' })
  @ApiOkResponse({ type: JsonWebKeySetView })
  jwks(): JSONWebKeySet {
    return this.issuer.jwks();
  }
}
