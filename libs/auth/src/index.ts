export { ROLES, TEAMS, isRole, isTeam, type Role, type Team } from './roles';
export type { AuthenticatedUser, AuthenticatedRequest } from './authenticated-user';
export {
  AUTH_OPTIONS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  MAX_CLOCK_TOLERANCE_SECONDS,
  MAX_MAX_TOKEN_LIFETIME_SECONDS,
  DEVELOPMENT_ISSUER,
  InvalidAuthOptions,
  validateAuthOptions,
  type AuthMode,
  type AuthOptions,
  type ValidatedAuthOptions,
} from './auth-options';
export { AuthModule } from './auth.module';
export { AUTH_BEARER_SCHEME, bearerTokenFrom } from './bearer';
export { Public } from './decorators/public.decorator';
export { Roles } from './decorators/roles.decorator';
export { declaredAccess, type RouteAccess } from './route-access';
export { describeAccess, type OperationObject } from './openapi-access';
export { CurrentUser } from './decorators/current-user.decorator';
export { JwtAuthGuard } from './guards/jwt-auth.guard';
export { RolesGuard } from './guards/roles.guard';
export { RoleRefusals } from './guards/role-refusals';
export { TokenVerifier, OIDC_ALGORITHMS } from './token-verifier';
export { TokenRejected, IdentityProviderUnavailable, rejectionCode, type TokenRejectionReason } from './token-rejected';
export { mayActOnTeamFile, mayReadTeamFile } from './team-separation';
export { DEMO_USERS, DEMO_USER_IDS, findDemoUser, type DemoUser } from './development/demo-users';
export {
  DevelopmentIssuer,
  DEVELOPMENT_TOKEN_LIFETIME_SECONDS,
  UnknownDemoUser,
  type DevelopmentTokenOptions,
} from './development/development-issuer';
export { DevelopmentTokenRequest, DevelopmentTokenResponse, DemoUserView } from './development/development-token.dto';
export * from './params';
export * from './paging';
