import type { ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '../authenticated-user';

/**
 * Records a request the roles guard refuses (NEN 7513 logs refused attempts, not only reads). A port:
 * the access log (libs/audit) provides it, the guard awaits it before it answers 403, so a refusal
 * that cannot be recorded becomes a 5xx, never a silent 403. Without a provider nothing is recorded.
 */
export abstract class RoleRefusals {
  abstract record(context: ExecutionContext, user: AuthenticatedUser): Promise<void>;
}
