import type { AuthenticatedUser } from './authenticated-user';
import { DEMO_USERS } from './development/demo-users';
import { mayActOnTeamFile, mayReadTeamFile } from './team-separation';

const demo = (userId: string): AuthenticatedUser => {
  const user = DEMO_USERS.find((candidate) => candidate.userId === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return user;
};

describe('team separation (seed 004)', () => {
  it("lets a Jeugdteam's members act on its own files only", () => {
    expect(mayActOnTeamFile(demo('coach-noord-1'), 'wijkteam-noord')).toBe(true);
    expect(mayActOnTeamFile(demo('coach-zuid-1'), 'wijkteam-noord')).toBe(false);
    expect(mayActOnTeamFile(demo('coach-noord-1'), null)).toBe(false);
  });

  it('keeps adult-team professionals and partners off youth files, even of their own organisation', () => {
    expect(mayActOnTeamFile(demo('volwassenenteam-1'), 'wijkteam-noord')).toBe(false);
    expect(mayReadTeamFile(demo('volwassenenteam-1'), 'wijkteam-noord')).toBe(false);
    expect(mayReadTeamFile(demo('partner-jgz-1'), 'jgz')).toBe(false);
  });

  it('lets auditors and privacy officers read across teams, never act', () => {
    for (const userId of ['auditor-1', 'privacy-officer-1']) {
      expect(mayReadTeamFile(demo(userId), 'wijkteam-zuid')).toBe(true);
      expect(mayActOnTeamFile(demo(userId), 'wijkteam-zuid')).toBe(false);
    }
  });
});
