import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { referralBody, TEST_CHILD } from './referrals';

type App = Parameters<typeof request>[0];

type As = (userId: string) => Promise<{ Authorization: string }>;

/** Team Noord in intake's directory: two Jeugdteam coaches and one adult-team colleague (seed 004). */
export async function registerTeamNoord(server: App, as: As): Promise<void> {
  const members: [string, string, string[]][] = [
    ['coach-noord-1', 'jeugdteam', ['opvoeding', 'jongvolwassenen']],
    ['coach-noord-2', 'jeugdteam', ['school', 'lvb']],
    ['volwassenenteam-1', 'volwassenenteam', ['ggz']],
  ];
  for (const [userId, kind, expertise] of members) {
    const response = await request(server).put(`/teams/wijkteam-noord/members/${userId}`).set(await as('coordinator-1')).send({ kind, neighbourhood: 'noord-centrum', expertise, capacity: 15 });
    if (response.status !== 201 && response.status !== 200) throw new Error(`registering ${userId}: ${response.status}`);
  }
}

export interface OpenedCaseFile {
  referralId: string;
  caseFileId: string;
  clientId: string;
  childIds: string[];
  familyMemberIds: string[];
}

/** A referral of team Noord, accepted; resolves once case planning opened the file (from the bus). */
export async function openCaseFile(server: App, as: As, overrides: Record<string, unknown> = {}, child = TEST_CHILD): Promise<OpenedCaseFile> {
  const received = await request(server).post('/referrals').set(await as('front-office-1')).send(referralBody(overrides, child)).expect(201);
  const accepted = await request(server).post(`/referrals/${received.body.referralId}/acceptance`).set(await as('coach-noord-1')).expect(200);
  const { caseFileId } = accepted.body as { caseFileId: string };
  await eventually(async () => {
    await request(server).get(`/case-files/${caseFileId}`).set(await as('coach-noord-1')).expect(200);
  });
  return { referralId: received.body.referralId, caseFileId, clientId: received.body.clientId, childIds: received.body.childIds, familyMemberIds: received.body.familyMemberIds };
}
