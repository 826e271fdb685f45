import { ForbiddenException } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';
import { DEMO_USERS } from './development/demo-users';
import { assertMayActOnFileOf, mayActOnFileOf } from './team-separation';

const demo = (userId: string): AuthenticatedUser => {
  const user = DEMO_USERS.find((candidate) => candidate.userId === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return user;
};

describe('team separation (seed 004)', () => {
  it('lets youth-team professionals act on youth files', () => {
    expect(mayActOnFileOf(demo('coach-noord-1'), 'jeugdteam')).toBe(true);
  });

  it('does not let adult-team professionals act on youth files', () => {
    expect(mayActOnFileOf(demo('volwassenenteam-1'), 'jeugdteam')).toBe(false);
    expect(() => assertMayActOnFileOf(demo('volwassenenteam-1'), 'jeugdteam')).toThrow(
      new ForbiddenException('team separation: members of volwassenenteam may not act on jeugdteam files'),
    );
  });

  it('keeps the youth team out of adult files too', () => {
    expect(mayActOnFileOf(demo('coach-zuid-1'), 'volwassenenteam')).toBe(false);
    expect(mayActOnFileOf(demo('volwassenenteam-1'), 'volwassenenteam')).toBe(true);
  });

  it('never lets partners act on a file directly', () => {
    expect(mayActOnFileOf(demo('partner-jgz-1'), 'jeugdteam')).toBe(false);
    expect(mayActOnFileOf(demo('partner-jgz-1'), 'partner')).toBe(false);
  });
});
