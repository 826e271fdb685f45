import { openProjectionDatabase } from '@wijkteam/projections';
import type { DataSource } from 'typeorm';
import { applyCoachSafetyFlag, CoachSafetyFlagRows } from './coach-safety-flags.projection';

const caseFileId = '0193a5b2-7c1e-7000-8000-0000000000f1';
const child = '0193a5b2-7c1e-7000-8000-0000000000c1';
const parent = '0193a5b2-7c1e-7000-8000-0000000000c2';
const at = '2026-11-23T09:00:00.000Z';
/** UUIDv7 ids: their time orders the events, as on the bus. */
const idAt = (ms: number) => `${ms.toString(16).padStart(12, '0').replace(/^(.{8})(.{4})$/, '$1-$2')}-7000-8000-000000000001`;

const flagged = (ms: number, reviewOn = '2027-02-23') =>
  ({ id: idAt(ms), type: 'CoachSafetyFlagged', data: { caseFileId, clientIds: [child, parent], reason: 'weapons', reviewOn, flaggedBy: 'coach-noord-1', flaggedAt: at } }) as never;
const lifted = (ms: number) => ({ id: idAt(ms), type: 'CoachSafetyFlagLifted', data: { caseFileId, clientIds: [child, parent], liftedBy: 'coach-noord-1', liftedAt: at } }) as never;

describe('coach-safety flags projection (bus-fed, by client)', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await openProjectionDatabase('sqlite::memory:', [CoachSafetyFlagRows]);
  });
  afterEach(() => db.destroy());
  const rows = () => db.manager.find(CoachSafetyFlagRows, { order: { clientId: 'ASC' } });

  it('a flag marks every member of the family', async () => {
    await db.transaction((tx) => applyCoachSafetyFlag(tx, flagged(1_000)));
    expect((await rows()).map(({ clientId, flagged: on, reason, reviewOn }) => ({ clientId, on, reason, reviewOn }))).toEqual([
      { clientId: child, on: true, reason: 'weapons', reviewOn: '2027-02-23' },
      { clientId: parent, on: true, reason: 'weapons', reviewOn: '2027-02-23' },
    ]);
  });

  it('lifted: no longer flagged; an older flag arriving late does not set it again', async () => {
    await db.transaction((tx) => applyCoachSafetyFlag(tx, flagged(1_000)));
    await db.transaction((tx) => applyCoachSafetyFlag(tx, lifted(2_000)));
    await db.transaction((tx) => applyCoachSafetyFlag(tx, flagged(1_500, '2027-03-01')));
    expect((await rows()).every((row) => !row.flagged && row.reason === null)).toBe(true);
  });
});
