import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CaseFiles } from '@wijkteam/case-planning';
import { type EscalationCommand, Escalations, type MeldcodeCommand, MeldcodeTrajectories } from '@wijkteam/safety';
import { type CommandContext, IdGenerator } from '@wijkteam/runtime';

/** What the demo does in safety for a family (issue 15). */
export interface DemoSafetyWork {
  /** seeds 000/002: the Meldcode's five steps to a report to Veilig Thuis, steps 4 and 5 confirmed by a colleague. */
  meldcodeToVeiligThuis?: boolean;
  /** An escalation to the GI (dwang/drang), accepted: case planning moves case direction to it. */
  escalationToGi?: string;
}

/**
 * The safety work of the demo families, through safety's deciders (the same commands the HTTP edge
 * builds); case planning follows the accepted escalation through its own reactor, as in production.
 */
@Injectable()
export class DemoSafetyWorker {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly ids: IdGenerator,
  ) {}

  async run(caseFileId: string, work: DemoSafetyWork, now: () => string, context: CommandContext): Promise<void> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    const clientId = state.clientId as string;
    const coach = { userId: 'coach-noord-2', roles: ['coach'] };
    const colleague = { userId: 'coach-noord-1', roles: ['coach'] };
    const as = (user: { userId: string }) => ({ ...context, actor: { userId: user.userId, role: 'coach', organisation: context.actor.organisation } });
    if (work.meldcodeToVeiligThuis) {
      const step = (command: MeldcodeCommand, by = coach) => this.commands.execute(new MeldcodeTrajectories.Command(caseFileId, command, as(by)));
      const family = [...(state.childIds ?? []), ...(state.familyMemberIds ?? [])];
      await step({ type: 'StartMeldcode', data: { caseFileId, clientId, teamId: state.teamId ?? null, childIds: state.childIds ?? [clientId], trajectoryId: this.ids.next(), startedBy: coach, startedAt: now() } });
      await step({ type: 'MapSignals', data: { recordedBy: coach, recordedAt: now(), signals: ['domestic_violence_witnessed', 'behaviour_change'], note: 'Demo: het kind vertelt over ruzies thuis; de leerkracht ziet het kind stiller worden.' } });
      await step({ type: 'ConsultColleague', data: { recordedBy: coach, recordedAt: now(), consultedId: colleague.userId, veiligThuisAdvice: true, veiligThuisAdviceOn: now().slice(0, 10) } });
      await step({ type: 'RecordClientTalk', data: { recordedBy: coach, recordedAt: now(), heldOn: now().slice(0, 10), withClientIds: family.slice(1, 2), notHeldReason: null, familyIds: family } });
      const answers = { suspicion_of_violence: true, acute_or_structural_unsafety: true, can_organise_help: false, family_accepts_help: false, help_leads_to_safety: false };
      await step({ type: 'Weigh', data: { recordedBy: coach, recordedAt: now(), answers } });
      await step({ type: 'ConfirmStep', data: { step: 4, confirmedBy: colleague, confirmedAt: now() } }, colleague);
      await step({ type: 'ProposeDecision', data: { recordedBy: coach, recordedAt: now(), decisionId: this.ids.next(), outcome: 'report_to_veilig_thuis' } });
      await step({ type: 'ConfirmStep', data: { step: 5, confirmedBy: colleague, confirmedAt: now() } }, colleague);
    }
    if (work.escalationToGi) {
      const escalationId = this.ids.next();
      const escalate = (command: EscalationCommand, by: { userId: string }) => this.commands.execute(new Escalations.Command(caseFileId, command, as(by)));
      const raisedBy = { userId: coach.userId, role: 'coach' };
      await escalate(
        {
          type: 'RaiseEscalation',
          data: { caseFileId, clientId, teamId: state.teamId ?? null, childIds: state.childIds ?? [clientId], escalationId, target: 'certified_institution', reason: 'dwang_drang_needed', receivingParty: work.escalationToGi, raisedBy, raisedAt: now() },
        },
        coach,
      );
      await escalate({ type: 'ConfirmEscalation', data: { escalationId, confirmedBy: { userId: colleague.userId, role: 'coach' }, confirmedAt: now() } }, colleague);
      await escalate({ type: 'ResolveEscalation', data: { escalationId, outcome: 'accepted', resolvedBy: raisedBy, resolvedAt: now() } }, coach);
    }
  }
}
