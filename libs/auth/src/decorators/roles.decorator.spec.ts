import { Reflector } from '@nestjs/core';
import type { Role } from '../roles';
import { REQUIRED_ROLES, Roles } from './roles.decorator';

describe('@Roles()', () => {
  it('records the roles, once each', () => {
    class Target {
      @Roles('coach', 'auditor', 'coach')
      handle(): void {}
    }
    expect(new Reflector().get(REQUIRED_ROLES, Target.prototype.handle)).toEqual(['coach', 'auditor']);
  });

  it('refuses an empty list, which would lock the route for everyone without saying so', () => {
    expect(() => Roles()).toThrow('@Roles() needs at least one role');
  });

  it('refuses a role the platform does not know', () => {
    expect(() => Roles('coach', 'admin' as Role)).toThrow('@Roles() got unknown roles: admin');
  });
});
