import { deciderSpec } from '@wijkteam/testing';
import { type EscalationCommand, type EscalationEvent, escalationDecider } from './escalation';

const spec = deciderSpec(escalationDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const escalationId = '0193a5b2-7c1e-7000-8000-00000000e001';
const proposedAt = '2026-11-23T09:00:00.000Z';
const confirmedAt = '2026-11-23T10:00:00.000Z';
const resolvedAt = '2026-11-30T12:00:00.000Z';
const coach = { userId: 'coach-noord-1', role: 'coach' };
const colleague = { userId: 'coach-noord-2', role: 'coach' };

type Raise = Extract<EscalationCommand, { type: 'RaiseEscalation' }>['data'];
const raise = (overrides: Partial<Raise> = {}): EscalationCommand => ({
  type: 'RaiseEscalation',
  data: {
    caseFileId,
    clientId,
    teamId: 'wijkteam-noord',
    childIds: [clientId],
    escalationId,
    target: 'certified_institution',
    reason: 'dwang_drang_needed',
    receivingParty: 'gi-jeugdbescherming-west',
    raisedBy: coach,
    raisedAt: proposedAt,
    ...overrides,
  },
});
const proposed = (overrides: Partial<Raise> = {}): EscalationEvent => {
  const { raisedBy, ...data } = (raise(overrides) as Extract<EscalationCommand, { type: 'RaiseEscalation' }>).data;
  return { type: 'EscalationProposed', data: { ...data, raisedBy: raisedBy.userId, raisedByRole: raisedBy.role } };
};
const confirm = (confirmedBy = colleague, id = escalationId): EscalationCommand => ({ type: 'ConfirmEscalation', data: { escalationId: id, confirmedBy, confirmedAt } });
const toGi = { target: 'certified_institution', reason: 'dwang_drang_needed', receivingParty: 'gi-jeugdbescherming-west', movesCaseDirection: true } as const;
const raised: EscalationEvent = {
  type: 'EscalationRaised',
  data: { caseFileId, clientId, escalationId, ...toGi, raisedBy: 'coach-noord-1', raisedByRole: 'coach', secondProfessionalId: 'coach-noord-2', secondProfessionalRole: 'coach', raisedAt: confirmedAt },
};
const resolve = (outcome: 'accepted' | 'declined' | 'withdrawn' | 'handled', resolvedBy = colleague): EscalationCommand => ({ type: 'ResolveEscalation', data: { escalationId, outcome, resolvedBy, resolvedAt } });

describe('escalation decider', () => {
  describe('raising (seed 000: JBP / GI on dwang en drang)', () => {
    it('one professional proposes; nothing is raised yet', () => {
      spec.given([]).when(raise()).then([proposed()]);
    });

    it('each target takes only its own reasons', () => {
      spec.given([]).when(raise({ reason: 'stagnation' })).thenRejects('reason_not_for_certified_institution', 'reason');
      spec.given([]).when(raise({ target: 'raad_voor_de_kinderbescherming', reason: 'crisis', receivingParty: null })).thenRejects('reason_not_for_raad_voor_de_kinderbescherming', 'reason');
      spec.given([]).when(raise({ target: 'unknown' as never })).thenRejects('unknown_escalation_target', 'target');
    });

    it('the GI and GOSA that take direction are named; Veilig Thuis needs no code', () => {
      spec.given([]).when(raise({ receivingParty: null })).thenRejects('receiving_party_required', 'receivingParty');
      spec.given([]).when(raise({ target: 'gosa', reason: 'stagnation', receivingParty: null })).thenRejects('receiving_party_required', 'receivingParty');
      const veiligThuis = { target: 'veilig_thuis', reason: 'acute_unsafety', receivingParty: null } as const;
      spec.given([]).when(raise(veiligThuis)).then([proposed(veiligThuis)]);
    });

    it('one open escalation per target, several per file', () => {
      const other = '0193a5b2-7c1e-7000-8000-00000000e002';
      spec.given([proposed()]).when(raise({ escalationId: other })).thenRejects('escalation_open_for_target');
      spec.given([proposed()]).when(raise()).thenRejects('escalation_already_raised');
      const cit = { escalationId: other, target: 'crisis_intervention_team', reason: 'crisis', receivingParty: null } as const;
      spec.given([proposed(), raised]).when(raise(cit)).then([proposed(cit)]);
    });
  });

  describe('four eyes (seed 002: a safety decision is never taken alone)', () => {
    it('a second professional confirms it while logged in: then it is raised, moving case direction to the GI', () => {
      spec.given([proposed()]).when(confirm()).then([raised]);
    });

    it('GOSA on stagnation moves direction too; Veilig Thuis does not', () => {
      const gosa = { target: 'gosa', reason: 'stagnation', receivingParty: 'gosa-maassluis' } as const;
      spec.given([proposed(gosa)]).when(confirm()).then([{ type: 'EscalationRaised', data: { ...(raised.data as object), ...gosa, movesCaseDirection: true } } as EscalationEvent]);
      const veiligThuis = { target: 'veilig_thuis', reason: 'structural_unsafety', receivingParty: null } as const;
      spec.given([proposed(veiligThuis)]).when(confirm()).then([{ type: 'EscalationRaised', data: { ...(raised.data as object), ...veiligThuis, movesCaseDirection: false } } as EscalationEvent]);
    });

    it('the proposer cannot be the second professional', () => {
      spec.given([proposed()]).when(confirm(coach)).thenRejects('four_eyes_required');
    });

    it('is confirmed once, and only an escalation that exists', () => {
      spec.given([proposed(), raised]).when(confirm({ userId: 'gw-noord-1', role: 'behavioural-scientist' })).thenRejects('escalation_already_confirmed');
      spec.given([]).when(confirm()).thenRejects('escalation_not_found', 'escalationId');
    });
  });

  describe('resolution', () => {
    it('the GI accepts: the resolution carries what case planning needs to move direction', () => {
      spec
        .given([proposed(), raised])
        .when(resolve('accepted'))
        .then([
          {
            type: 'EscalationResolved',
            data: { caseFileId, clientId, escalationId, ...toGi, outcome: 'accepted', resolvedBy: 'coach-noord-2', resolvedByRole: 'coach', resolvedAt },
          },
        ]);
    });

    it('is resolved once', () => {
      const resolved: EscalationEvent = {
        type: 'EscalationResolved',
        data: { caseFileId, clientId, escalationId, ...toGi, outcome: 'declined', resolvedBy: 'coach-noord-2', resolvedByRole: 'coach', resolvedAt },
      };
      spec.given([proposed(), raised, resolved]).when(resolve('accepted')).thenRejects('escalation_already_resolved');
    });

    it('an unconfirmed proposal can only be withdrawn, and that stays private', () => {
      spec.given([proposed()]).when(resolve('accepted')).thenRejects('escalation_not_confirmed');
      spec
        .given([proposed()])
        .when(resolve('withdrawn', coach))
        .then([{ type: 'EscalationProposalWithdrawn', data: { caseFileId, escalationId, withdrawnBy: 'coach-noord-1', withdrawnAt: resolvedAt } }]);
    });

    it('a withdrawn proposal frees the target for a new escalation', () => {
      const withdrawn: EscalationEvent = { type: 'EscalationProposalWithdrawn', data: { caseFileId, escalationId, withdrawnBy: 'coach-noord-1', withdrawnAt: resolvedAt } };
      const next = '0193a5b2-7c1e-7000-8000-00000000e003';
      spec.given([proposed(), withdrawn]).when(raise({ escalationId: next })).then([proposed({ escalationId: next })]);
      spec.given([proposed(), withdrawn]).when(resolve('withdrawn')).thenRejects('escalation_already_resolved');
    });

    it('names a known outcome', () => {
      spec.given([proposed(), raised]).when(resolve('maybe' as never)).thenRejects('unknown_escalation_outcome', 'outcome');
    });
  });
});
