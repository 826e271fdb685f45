import { addMonths } from '@wijkteam/contracts';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { openProjectionDatabase, type ProjectionHost } from '@wijkteam/projections';
import type { CommandContext } from '@wijkteam/runtime';
import type { DataSource } from 'typeorm';
import { TransitionWorklistFiles, TransitionWorklistYouths } from '../projections/transition-worklist.projection';
import type { IntakeBirthdays } from './intake-birthdays';
import { TurningEighteen } from './turning-eighteen';

const fileId = '0190a000-0000-7000-8000-0000000000f1';
const otherTeamFile = '0190a000-0000-7000-8000-0000000000f2';
const id = (n: number) => `0190a000-0000-7000-8000-00000000c00${n}`;
const today = '2026-11-23';
const coach = (userId: string): AuthenticatedUser => ({ userId, roles: ['coach'], team: 'jeugdteam', organisation: 'wijkteam-noord' });
const context = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-12345678' } as CommandContext;

describe('the turning-18 list', () => {
  let db: DataSource;
  // Intake's answer: 1 turns 18 within the horizon, 2 beyond it, 3 turned 18 without a question, 4 turned 18 with one, 5 has no birth date (erased).
  const birthdays = new Map([[id(1), '2027-03-15'], [id(2), '2028-01-01'], [id(3), '2026-10-01'], [id(4), '2026-09-01'], [id(6), '2027-01-01']]);
  const asked: string[][] = [];
  const intake = { eighteenOn: async (ids: readonly string[]) => (asked.push([...ids]), new Map([...birthdays].filter(([k]) => ids.includes(k)))) } as unknown as IntakeBirthdays;

  beforeAll(async () => {
    db = await openProjectionDatabase('sqlite::memory:', [TransitionWorklistFiles, TransitionWorklistYouths]);
    await db.manager.insert(TransitionWorklistFiles, [
      { caseFileId: fileId, teamId: 'wijkteam-noord', status: 'open', childIds: JSON.stringify([id(1), id(2), id(3), id(4), id(5)]), directorId: 'coach-noord-2', coachIds: '["coach-noord-3"]' },
      { caseFileId: otherTeamFile, teamId: 'wijkteam-zuid', status: 'open', childIds: JSON.stringify([id(6)]), directorId: null, coachIds: '[]' },
    ]);
    await db.manager.insert(TransitionWorklistYouths, [{ caseFileId: fileId, clientId: id(4), questionRecorded: true, handoverStatus: 'none' }]);
  });
  afterAll(() => db.destroy());

  const list = (user: AuthenticatedUser, horizonMonths = 6, page = 1, pageSize = 50) =>
    new TurningEighteen({ db } as unknown as ProjectionHost, intake).list(user, { horizonMonths, page, pageSize }, today, context);

  it("shows the team's youths turning 18 within the horizon and the overdue ones, soonest first; not another team's, not one asked in time", async () => {
    const { items, total } = await list(coach('coach-noord-1'));
    expect(items.map((i) => [i.clientId, i.questionOverdue])).toEqual([[id(3), true], [id(1), false]]);
    expect(total).toBe(2);
    expect(asked.at(-1)).toEqual([id(1), id(2), id(3), id(4), id(5)]);
  });

  it('the month for the team, the day for the director and the coaches', async () => {
    expect((await list(coach('coach-noord-1'))).items[1]).toMatchObject({ eighteenMonth: '2027-03', eighteenOn: null, onFile: false });
    expect((await list(coach('coach-noord-2'))).items[1]).toMatchObject({ eighteenOn: '2027-03-15', onFile: true });
    expect((await list(coach('coach-noord-3'))).items[1]).toMatchObject({ eighteenOn: '2027-03-15', onFile: true });
  });

  it('a longer horizon reaches further; pages', async () => {
    expect((await list(coach('coach-noord-1'), 24)).total).toBe(3);
    expect((await list(coach('coach-noord-1'), 24, 2, 2)).items.map((i) => i.clientId)).toEqual([id(2)]);
  });

  it('adds months at the end of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-23', 6)).toBe('2027-05-23');
  });
});
