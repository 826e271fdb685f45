/**
 * Name of the OpenAPI security scheme. It equals @nestjs/swagger's default, so a bare
 * `new DocumentBuilder().addBearerAuth()` registers it; pass it explicitly to be sure.
 */
export const AUTH_BEARER_SCHEME = 'bearer';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The token from an `Authorization: Bearer …` header, or undefined for anything else. */
export function bearerTokenFrom(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}
