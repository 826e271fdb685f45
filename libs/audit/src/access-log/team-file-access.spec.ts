import { ForbiddenException } from '@nestjs/common';
import type { AccessLog } from './access-log';
import { type AuthenticatedUser, findDemoUser } from '@wijkteam/auth';
import { TeamFileAccess } from './team-file-access';

const clientId = '0190a000-0000-7000-8000-00000000c001';
const demo = (userId: string) => findDemoUser(userId) as AuthenticatedUser;

describe('TeamFileAccess', () => {
  const recordRefusal = jest.fn().mockResolvedValue(undefined);
  const teams = new TeamFileAccess({ recordRefusal } as unknown as AccessLog);
  beforeEach(() => recordRefusal.mockClear());

  it('lets the receiving team read and act, and records nothing', async () => {
    await teams.assertMayRead(demo('coach-noord-1'), { teamId: 'wijkteam-noord', clientId }, 'referral');
    await teams.assertMayAct(demo('front-office-1'), { teamId: 'wijkteam-noord', clientId }, 'referral');
    expect(recordRefusal).not.toHaveBeenCalled();
  });

  it('lets auditors and privacy officers read across teams, never act', async () => {
    await teams.assertMayRead(demo('auditor-1'), { teamId: 'wijkteam-noord', clientId }, 'referral');
    await teams.assertMayRead(demo('privacy-officer-1'), { teamId: 'wijkteam-zuid', clientId }, 'referral');
    await expect(teams.assertMayAct(demo('auditor-1'), { teamId: 'wijkteam-noord', clientId }, 'referral')).rejects.toBeInstanceOf(ForbiddenException);
  });

  it("refuses another team's coach with 403 other_team, and records the refusal for the referral's client", async () => {
    const refusal = teams.assertMayRead(demo('coach-zuid-1'), { teamId: 'wijkteam-noord', clientId }, 'referral');
    await expect(refusal).rejects.toBeInstanceOf(ForbiddenException);
    await expect(teams.assertMayRead(demo('coach-zuid-1'), { teamId: 'wijkteam-noord', clientId }, 'referral')).rejects.toMatchObject({ response: { code: 'other_team' } });
    expect(recordRefusal).toHaveBeenCalledWith({ clientId, part: 'referral', userId: 'coach-zuid-1', role: 'coach', organisation: 'wijkteam-zuid', reason: 'other_team' });
  });

  it('refuses the adult team of the same organisation, and a referral without a team (before issue 13)', async () => {
    await expect(teams.assertMayAct(demo('volwassenenteam-1'), { teamId: 'wijkteam-noord', clientId }, 'referral')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(teams.assertMayRead(demo('coach-noord-1'), { teamId: null, clientId }, 'referral')).rejects.toBeInstanceOf(ForbiddenException);
    expect(recordRefusal).toHaveBeenCalledTimes(2);
  });

  it('refuses still, with a 5xx rather than a 403, when the refusal cannot be recorded: never the data', async () => {
    recordRefusal.mockRejectedValueOnce(new Error('store down'));
    await expect(teams.assertMayRead(demo('coach-zuid-1'), { teamId: 'wijkteam-noord', clientId }, 'referral')).rejects.toThrow('store down');
  });

  it('keeps the team lists to Jeugdteam members', () => {
    expect(() => teams.assertYouthTeamMember(demo('coach-noord-1'))).not.toThrow();
    expect(() => teams.assertYouthTeamMember(demo('volwassenenteam-1'))).toThrow(ForbiddenException);
    expect(() => teams.assertYouthTeamMember(demo('partner-jgz-1'))).toThrow(ForbiddenException);
  });
});
