import type { PublicEvent } from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { ClosureCounts, closureFiguresProjection, countClosure, recordOpening } from './closure-figures.projection';

const file = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000f${n}`;
const opened = (n: number, teamId: string | null) => ({
  type: 'CaseFileOpened',
  data: { caseFileId: file(n), clientId: file(n), referralId: file(n), teamId, route: 'jgz', childIds: [file(n)], familyMemberIds: [], openedAt: '2026-01-05T09:00:00.000Z' },
});
const closed = (n: number, reason: string, closedAt: string) => ({ type: 'CaseFileClosed', data: { caseFileId: file(n), clientId: file(n), reason, informed: ['jgz'], referredTo: 'none', closedAt } });

const spec = busProjectionSpec(closureFiguresProjection, (tx, event) =>
  event.type === 'CaseFileOpened' ? recordOpening(tx, event as PublicEvent<never>) : countClosure(tx, event as PublicEvent<never>),
);
const counts = (db: EntityManager) => db.find(ClosureCounts, { order: { team: 'ASC', month: 'ASC', code: 'ASC' } });

describe('reporting_closures read model (bus-fed)', () => {
  it('given files opened by two teams, when they close, then closures count per team of the file, month and reason', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), opened(2, 'wijkteam-noord'), opened(3, 'wijkteam-zuid')])
      .when([closed(1, 'goals_reached_closed', '2026-05-01T10:00:00.000Z'), closed(2, 'goals_reached_closed', '2026-05-31T10:00:00.000Z'), closed(3, 'stagnation_referred_to_gosa', '2026-06-01T10:00:00.000Z')])
      .then(async (db) =>
        expect(await counts(db)).toEqual([
          { team: 'wijkteam-noord', month: '2026-05', code: 'goals_reached_closed', detail: '', count: 2 },
          { team: 'wijkteam-zuid', month: '2026-06', code: 'stagnation_referred_to_gosa', detail: '', count: 1 },
        ]),
      );
  });

  it('given a closure, when it is delivered again, then it counts once; a second closure after reopening counts again', async () => {
    await spec
      .given([opened(1, 'wijkteam-noord'), closed(1, 'goals_reached_closed', '2026-05-01T10:00:00.000Z')])
      .when([{ ...closed(1, 'goals_reached_closed', '2026-05-01T10:00:00.000Z'), id: eventId(2) }, closed(1, 'goals_reached_closed', '2026-05-20T10:00:00.000Z')])
      .then(async (db) => expect((await counts(db)).map((row) => row.count)).toEqual([2]));
  });

  it('given a file opened before teams were named, then its closure counts as unattributed', async () => {
    await spec
      .given([opened(1, null)])
      .when([closed(1, 'no_cooperation_no_safety_concerns', '2026-05-01T10:00:00.000Z')])
      .then(async (db) => expect((await counts(db)).map((row) => row.team)).toEqual(['unattributed']));
  });
});
