import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@wijkteam/contracts';
import { caseFileDecider, type CaseFileCommand, type CaseFileState } from '../domain/case-file';
import { EscalationReactor } from './escalation.reactor';

const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const resolvedAt = '2026-11-30T12:00:00.000Z';
const escalationResolved = (overrides: Record<string, unknown> = {}) =>
  ({
    id: '0193a5b2-7c1e-7000-8000-00000000a001',
    actor: { userId: 'coach-noord-1', roles: ['coach'] },
    correlationId: 'c-1',
    data: {
      caseFileId,
      clientId: '0193a5b2-7c1e-7000-8000-00000000c001',
      escalationId: '0193a5b2-7c1e-7000-8000-00000000e001',
      target: 'certified_institution',
      reason: 'dwang_drang_needed',
      receivingParty: 'gi-jeugdbescherming-west',
      movesCaseDirection: true,
      outcome: 'accepted',
      resolvedBy: 'coach-noord-2',
      resolvedByRole: 'coach',
      resolvedAt,
      ...overrides,
    },
  }) as never;

/** The reactor against the real case-file decider, the buses replaced by one in-memory file. */
function reactorOn(state: CaseFileState) {
  const sent: CaseFileCommand[] = [];
  let current = state;
  const commands = {
    execute: async ({ command }: { command: CaseFileCommand }) => {
      sent.push(command);
      current = caseFileDecider.decide(command, current).reduce(caseFileDecider.evolve, current);
    },
  } as unknown as CommandBus;
  const queries = { execute: async () => ({ state: current, revision: 1n }) } as unknown as QueryBus;
  return { reactor: new EscalationReactor(commands, queries), sent, state: () => current };
}

const openFile = (director?: string): CaseFileState => {
  const opened = caseFileDecider.evolve(caseFileDecider.initialState(), {
    type: 'CaseFileOpened',
    data: { caseFileId, clientId: 'c', referralId: 'r', teamId: 'wijkteam-noord', route: 'jgz', childIds: ['c'], familyMemberIds: [], openedAt: '2026-11-01T09:00:00.000Z' },
  });
  if (!director) return opened;
  return caseFileDecider.evolve(opened, { type: 'CaseDirectorAssigned', data: { caseFileId, directorId: director, directorKind: 'coach', previousDirectorId: null, reason: 'case_conference', assignedAt: '2026-11-02T09:00:00.000Z' } });
};

describe('escalation reactor (case direction on an accepted escalation)', () => {
  it('accepted by the GI: transfers direction from the coach, dwang/drang by consensus, decided by who recorded it; a redelivery moves nothing', async () => {
    const { reactor, sent, state } = reactorOn(openFile('coach-noord-1'));
    await reactor.onEscalationResolved(escalationResolved());
    expect(sent).toEqual([
      {
        type: 'TransferCaseDirection',
        data: {
          toDirectorId: 'gi-jeugdbescherming-west',
          toDirectorKind: 'certified_institution',
          reason: 'dwang_drang',
          decision: 'consensus',
          decidedBy: 'coach-noord-2',
          decidedByRole: 'coach',
          onBehalfOf: null,
          consentDecisionId: null,
          membership: null,
          transferredAt: resolvedAt,
        },
      },
    ]);
    await reactor.onEscalationResolved(escalationResolved());
    expect(sent).toHaveLength(1);
    expect(state().director).toMatchObject({ directorId: 'gi-jeugdbescherming-west', directorKind: 'certified_institution' });
  });

  it('a file without a director: GOSA becomes its first director, on stagnation', async () => {
    const { reactor, sent } = reactorOn(openFile());
    await reactor.onEscalationResolved(escalationResolved({ target: 'gosa', reason: 'stagnation', receivingParty: 'gosa-maassluis' }));
    expect(sent).toEqual([{ type: 'AssignCaseDirector', data: { directorId: 'gosa-maassluis', directorKind: 'gosa', reason: 'stagnation', assignedAt: resolvedAt, membership: null } }]);
  });

  it('declined, or an escalation that does not move direction: nothing', async () => {
    const { reactor, sent } = reactorOn(openFile('coach-noord-1'));
    await reactor.onEscalationResolved(escalationResolved({ outcome: 'declined' }));
    await reactor.onEscalationResolved(escalationResolved({ target: 'veilig_thuis', reason: 'acute_unsafety', receivingParty: null, movesCaseDirection: false }));
    expect(sent).toEqual([]);
  });

  it('a closed file keeps its closure: the refusal is absorbed', async () => {
    const closed = { ...openFile('coach-noord-1'), status: 'closed' as const };
    const { reactor, sent } = reactorOn(closed);
    await expect(reactor.onEscalationResolved(escalationResolved())).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(() => caseFileDecider.decide(sent[0], closed)).toThrow(DomainError);
  });
});
