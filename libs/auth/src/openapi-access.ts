import type { OpenAPIObject } from '@nestjs/swagger';
import type { RouteAccess } from './route-access';

export type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

/**
 * Documents an operation's access rule, read from the same metadata the guards read: the document
 * declares the bearer scheme once, globally; a @Public operation lifts it (`security: []`); a @Roles
 * operation names its roles (`x-roles` and the description) and answers 401 and 403.
 */
export function describeAccess(operation: OperationObject, access: RouteAccess): void {
  const described = operation as OperationObject & { 'x-roles'?: readonly string[] };
  if (access.kind === 'public') {
    described.security = [];
    return;
  }
  delete described.security; // the global requirement holds
  const roles = access.kind === 'roles' ? access.roles : [];
  described['x-roles'] = [...roles];
  const who = roles.length > 0 ? `Roles: ${roles.join(', ')}.` : 'No access rule declared: refused to everyone.';
  described.description = described.description ? `${who}\n\n${described.description}` : who;
  described.responses['401'] ??= { description: 'Missing, invalid or expired bearer token' };
  const refused = roles.length > 0 ? `Requires one of the roles: ${roles.join(', ')}` : 'Refused: the route declares no access rule';
  const ownRefusal = (described.responses['403'] as { description?: string } | undefined)?.description;
  described.responses['403'] = { description: ownRefusal ? `${refused}; or ${ownRefusal}` : refused };
}
