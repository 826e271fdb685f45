import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AUTH_OPTIONS, validateAuthOptions, type AuthOptions, type ValidatedAuthOptions } from './auth-options';
import { DevelopmentAuthController } from './development/development-auth.controller';
import { DevelopmentIssuer } from './development/development-issuer';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { TokenVerifier } from './token-verifier';

function developmentProviders(options: ValidatedAuthOptions): Provider[] {
  return [
    {
      provide: DevelopmentIssuer,
      useFactory: async () => {
        const kept = options.developmentKeyFile ? `its signing key is kept in ${options.developmentKeyFile}` : 'its signing key lives in memory only';
        new Logger('Auth').warn(`development issuer active: anyone can obtain a token for any demo user; ${kept}`);
        return DevelopmentIssuer.create({ issuer: options.issuer, audience: options.audience, keyFile: options.developmentKeyFile });
      },
    },
    {
      provide: TokenVerifier,
      useFactory: (issuer: DevelopmentIssuer) => TokenVerifier.forLocalKeys(issuer.jwks(), options),
      inject: [DevelopmentIssuer],
    },
  ];
}

function oidcProviders(options: ValidatedAuthOptions): Provider[] {
  return [{ provide: TokenVerifier, useFactory: () => TokenVerifier.forOidc(options) }];
}

/**
 * Authentication and role checks for every HTTP route of the application. Guards are registered
 * globally, authentication first, so no controller can forget them.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    const validated = validateAuthOptions(options);
    // The only switch to the development issuer: its provider and controller do not exist otherwise.
    const development = validated.mode === 'development';
    return {
      module: AuthModule,
      global: true,
      controllers: development ? [DevelopmentAuthController] : [],
      providers: [
        { provide: AUTH_OPTIONS, useValue: validated },
        ...(development ? developmentProviders(validated) : oidcProviders(validated)),
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [AUTH_OPTIONS, TokenVerifier, ...(development ? [DevelopmentIssuer] : [])],
    };
  }
}
