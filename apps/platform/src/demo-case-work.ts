import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { findDemoUser } from '@wijkteam/auth';
import { CaseFiles, DEFAULT_ZRM_REFERENCE, Evaluations, FirstVisitRecording, Plans, TransitionHandling } from '@wijkteam/case-planning';
import { ADULT_TEAM_RECIPIENT } from '@wijkteam/contracts';
import { Consents } from '@wijkteam/consent';
import { type CommandContext, IdGenerator } from '@wijkteam/runtime';
import { DemoActors } from './demo-actors';

/** What the demo does on a family's case file after it opened (issue 14). */
export interface DemoCaseWork {
  /** seed 000: the first visit at home by the assigned coaches, ZRM scored, the ETM through safety. */
  firstVisit?: { etm: number };
  /** A plan of approach in the family's words, agreed by the parent. */
  plan?: boolean;
  /** The first evaluation, with the ZRM rescored. */
  evaluation?: boolean;
  /** seed 004: the youth turns 18 soon: the warm handover is first refused (no consent), then completed after consent. */
  warmHandover?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The case work of the demo families, through the real command path: case planning's deciders and
 * its handover service (which asks the consent service, like a coach's request does).
 */
@Injectable()
export class DemoCaseWorker {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly ids: IdGenerator,
    private readonly modules: ModuleRef,
    private readonly actors: DemoActors,
  ) {}

  async run(caseFileId: string, work: DemoCaseWork, now: () => string, context: CommandContext): Promise<void> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    const clientId = state.clientId as string;
    const parentId = state.familyMemberIds?.[0] ?? clientId;
    const file = { caseFileId, clientId, familyIds: [...(state.childIds ?? [clientId]), ...(state.familyMemberIds ?? [])], referredAt: state.referredAt as string };
    const today = now().slice(0, 10);
    const inDays = (days: number) => new Date(Date.parse(now()) + days * DAY_MS).toISOString().slice(0, 10);
    const zrm = Object.fromEntries(DEFAULT_ZRM_REFERENCE.domains.map((domain, index) => [domain.code, 2 + (index % 3)]));
    if (work.firstVisit) {
      const coaches = state.coachIds.length > 0 ? state.coachIds : [context.actor.userId];
      const director = state.director?.directorKind === 'coach' ? state.director.directorId : coaches[0];
      const report = {
        coachIds: coaches, familyPresent: file.familyIds.slice(0, 2), location: 'home' as const, explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true }, zrm,
        // Four eyes (seed 002): the second assessor is the other coach of the team.
        etm: { score: work.firstVisit.etm, secondAssessorId: director === 'coach-noord-1' ? 'coach-noord-2' : 'coach-noord-1' }, safetyAnalysisNeeded: work.firstVisit.etm >= 4, sisaSignalDiscussed: true,
        caseDirector: { directorId: director, directorKind: 'coach' as const }, heldOn: today, heldAt: now(),
      };
      const coach = await this.actors.as(director, context);
      await this.modules.get(FirstVisitRecording, { strict: false }).record(state, report, coach, undefined);
    }
    const goalId = this.ids.next();
    if (work.plan || work.evaluation) {
      const goals = [
        {
          goalId,
          text: 'Wij willen weer rust in huis, zonder ruzie bij het naar bed gaan.',
          actions: [
            { actionId: this.ids.next(), performer: { kind: 'family' as const, clientId: parentId }, what: 'Vaste avondroutine, elke dag om half acht beginnen.', dueOn: inDays(28) },
            { actionId: this.ids.next(), performer: { kind: 'professional' as const, partyCode: 'jgz' }, what: 'De jeugdverpleegkundige kijkt mee bij het consultatiebureau.', dueOn: inDays(42) },
          ],
        },
      ];
      await this.commands.execute(new Plans.Command(caseFileId, { type: 'DraftPlan', data: { file, goals, draftedBy: context.actor.userId, draftedAt: now() } }, context));
      await this.commands.execute(
        new Plans.Command(caseFileId, { type: 'AgreePlan', data: { file, version: 1, agreedBy: [parentId], agreedOn: today, signedDocumentId: null, oneFamilyOnePlanMeetingOn: null, agreedAt: now() } }, context),
      );
    }
    if (work.evaluation) {
      await this.commands.execute(
        new Evaluations.Command(
          caseFileId,
          {
            type: 'HoldEvaluation',
            data: {
              caseFileId, clientId, referredAt: file.referredAt, plan: { version: 1, goalIds: [goalId] }, heldOn: today, goals: [{ goalId, progress: 'progressing' }],
              clientSatisfaction: 7, zrm, reasonToContinue: null, conclusion: 'continue', heldBy: context.actor.userId, heldAt: now(),
            },
          },
          context,
        ),
      );
    }
    if (work.warmHandover) await this.warmHandover(caseFileId, clientId, now, context);
  }

  /** seed 004: asked before the 18th birthday; no consent yet, so the proposal is refused; the youth consents; then warm, together. */
  private async warmHandover(caseFileId: string, clientId: string, now: () => string, context: CommandContext): Promise<void> {
    const coach = findDemoUser('coach-noord-1');
    if (!coach) throw new Error('demo user coach-noord-1 missing');
    const handover = this.modules.get(TransitionHandling, { strict: false });
    const as = await this.actors.as(coach.userId, context);
    const proposal = { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request', 'plan_of_approach'] };
    await handover.recordQuestion(coach, caseFileId, clientId, { helpMustContinue: true, continuation: 'handover_to_adult_team' }, as);
    await handover.recordOtherProviders(coach, caseFileId, clientId, { none: true }, as);
    await handover.proposeHandover(coach, caseFileId, clientId, proposal, as);
    await this.commands.execute(
      new Consents.Command(
        clientId,
        {
          type: 'GrantConsent',
          data: {
            consentId: this.ids.next(), clientId, subjectAge: 17, grantors: [{ relation: 'client' }], purpose: 'warm_handover', recipient: { organisation: ADULT_TEAM_RECIPIENT, role: null },
            dataCategories: proposal.dataCategories, period: { from: now(), until: new Date(Date.parse(now()) + 180 * DAY_MS).toISOString() }, evidence: { documentId: this.ids.next() }, grantedAt: now(),
          },
        },
        as,
      ),
    );
    await handover.proposeHandover(coach, caseFileId, clientId, proposal, as);
    await handover.recordConversation(coach, caseFileId, clientId, { heldOn: now().slice(0, 10), adultTeamColleagueId: 'volwassenenteam-1' }, as);
    await handover.completeHandover(coach, caseFileId, clientId, as);
  }
}
