import type { EntityManager } from 'typeorm';
import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { escalationStream } from '../domain/escalation';
import { EscalationWorklistRows, escalationWorklistProjection } from './escalation-worklist.projection';

const spec = projectionSpec(escalationWorklistProjection);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const first = '0193a5b2-7c1e-7000-8000-00000000e001';
const second = '0193a5b2-7c1e-7000-8000-00000000e002';
const at = '2026-11-23T09:00:00.000Z';
const later = '2026-11-23T10:00:00.000Z';

const event = (type: string, data: Record<string, unknown>): GivenEvent => ({ streamName: escalationStream(caseFileId), type, data: { caseFileId, ...data } });
const proposed = (escalationId: string, target = 'certified_institution'): GivenEvent =>
  event('EscalationProposed', {
    clientId,
    teamId: 'wijkteam-noord',
    childIds: [clientId],
    escalationId,
    target,
    reason: target === 'certified_institution' ? 'dwang_drang_needed' : 'crisis',
    receivingParty: target === 'certified_institution' ? 'gi-jeugdbescherming-west' : null,
    raisedBy: 'coach-noord-1',
    raisedByRole: 'coach',
    raisedAt: at,
  });
const raised = (escalationId: string): GivenEvent => event('EscalationRaised', { clientId, escalationId, secondProfessionalId: 'coach-noord-2', raisedAt: later });
const rows = (db: EntityManager) => db.find(EscalationWorklistRows, { order: { escalationId: 'ASC' } });

describe('escalation worklist projection', () => {
  it('a proposal is listed for the team, awaiting the second professional', async () => {
    await spec
      .given([])
      .when([proposed(first)])
      .then(async (db) =>
        expect(await rows(db)).toEqual([
          {
            escalationId: first,
            caseFileId,
            clientId,
            childIds: JSON.stringify([clientId]),
            teamId: 'wijkteam-noord',
            target: 'certified_institution',
            reason: 'dwang_drang_needed',
            receivingParty: 'gi-jeugdbescherming-west',
            status: 'proposed',
            raisedBy: 'coach-noord-1',
            proposedAt: at,
            raisedAt: null,
          },
        ]),
      );
  });

  it('confirmed: raised, awaiting the answer', async () => {
    await spec
      .given([proposed(first)])
      .when([raised(first)])
      .then(async (db) => expect(await rows(db)).toMatchObject([{ escalationId: first, status: 'raised', raisedAt: later }]));
  });

  it('resolved or withdrawn: off the list; the other escalation of the file stays', async () => {
    await spec
      .given([proposed(first), raised(first), proposed(second, 'crisis_intervention_team')])
      .when([event('EscalationResolved', { escalationId: first, outcome: 'accepted' })])
      .then(async (db) => expect((await rows(db)).map((row) => row.escalationId)).toEqual([second]));
    await spec
      .given([proposed(first)])
      .when([event('EscalationProposalWithdrawn', { escalationId: first, withdrawnBy: 'coach-noord-1', withdrawnAt: later })])
      .then(async (db) => expect(await rows(db)).toEqual([]));
  });
});
