import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { TeamFileAccess } from '@wijkteam/audit';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { ADULT_TEAM_RECIPIENT, DomainError } from '@wijkteam/contracts';
import { Clock, type CommandContext } from '@wijkteam/runtime';
import type { CaseFileState } from '../domain/case-file';
import {
  assertMayCompleteWarmHandover,
  assertMayProposeWarmHandover,
  type ConsentDecision,
  type Continuation,
  type OtherProvider,
  type TransitionCommand,
  type TransitionState,
  type YouthTransition,
} from '../domain/transition';
import { CaseFiles } from './case-files';
import { ConsentPermits, type PermitDecision } from './consent-permits';
import { IntakeBirthdays } from './intake-birthdays';
import { IntakeLookups } from './intake-lookups';
import { Transitions } from './transitions';

/** The purpose every warm handover asks consent for (seed 004), with the recipient ADULT_TEAM_RECIPIENT. */
export const WARM_HANDOVER_PURPOSE = 'warm_handover';

/** One youth's transition as the API shows it; `outcome` on a proposal or completion. */
export type TransitionView = { caseFileId: string; clientId: string } & YouthTransition & { outcome?: 'proposed' | 'refused' | 'completed'; denialReason?: string };
export interface Handled {
  view: TransitionView;
  /** The stream revision (the ETag); undefined before anything was recorded. */
  revision: bigint | undefined;
}

const viewOf = (caseFileId: string, clientId: string, state: TransitionState): TransitionView => ({ caseFileId, clientId, ...(state.youths[clientId] ?? { handover: { status: 'none' } }) });

const decisionOf = (permit: PermitDecision): ConsentDecision =>
  permit.outcome === 'permit' ? { outcome: 'permit', decisionId: permit.decisionId, consentId: permit.basis.consentId } : { outcome: 'deny', decisionId: permit.decisionId, denialReason: permit.denialReason };

/**
 * The 18-/18+ transition's use cases (seed 004): team separation on the case file first (404 when
 * it does not exist, 403 for another team), the youth must be one of the file's children; then the
 * facts the decider needs are fetched at the moment of the act: the 18th birthday from intake, the
 * consent decision from the consent service (at the proposal and again at completion).
 */
@Injectable()
export class TransitionHandling {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly teams: TeamFileAccess,
    private readonly permits: ConsentPermits,
    private readonly birthdays: IntakeBirthdays,
    private readonly intake: IntakeLookups,
    private readonly clock: Clock,
  ) {}

  async read(user: AuthenticatedUser, caseFileId: string, clientId: string): Promise<Handled> {
    await this.youthOnFile(user, caseFileId, clientId, 'read');
    const { state, revision } = await this.load(caseFileId);
    return { view: viewOf(caseFileId, clientId, state), revision };
  }

  async recordQuestion(user: AuthenticatedUser, caseFileId: string, clientId: string, body: { helpMustContinue: boolean; continuation: Continuation; askedOn?: string }, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    await this.youthOnFile(user, caseFileId, clientId, 'act');
    const eighteenOn = (await this.birthdays.eighteenOn([clientId], context)).get(clientId) ?? null;
    const recordedAt = this.now();
    const askedOn = body.askedOn ?? recordedAt.slice(0, 10);
    return this.run(caseFileId, clientId, { type: 'RecordTransitionQuestion', data: { caseFileId, clientId, helpMustContinue: body.helpMustContinue, continuation: body.continuation, askedOn, eighteenOn, recordedBy: user.userId, recordedAt } }, context, ifMatch);
  }

  async recordOtherProviders(user: AuthenticatedUser, caseFileId: string, clientId: string, body: { providers?: OtherProvider[]; none?: boolean }, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    await this.youthOnFile(user, caseFileId, clientId, 'act');
    const data = { caseFileId, clientId, providers: body.providers ?? [], none: body.none ?? false, recordedBy: user.userId, recordedAt: this.now() };
    return this.run(caseFileId, clientId, { type: 'RecordOtherProvidersStatus', data }, context, ifMatch);
  }

  async proposeHandover(user: AuthenticatedUser, caseFileId: string, clientId: string, body: { adultTeamColleagueId: string; dataCategories: string[] }, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    const file = await this.youthOnFile(user, caseFileId, clientId, 'act');
    // The rules first: a proposal that cannot be made asks the consent service nothing.
    assertMayProposeWarmHandover((await this.load(caseFileId)).state, clientId);
    // seed 004: the colleague is of the Volwassenenteam of the file's team, as intake's directory has them now.
    if ((await this.intake.membership(file.teamId, body.adultTeamColleagueId)) !== 'volwassenenteam')
      throw new DomainError('colleague_not_in_the_adult_team', 'unprocessable', 'adultTeamColleagueId');
    const decision = decisionOf(await this.permits.decide({ clientId, purpose: WARM_HANDOVER_PURPOSE, recipient: { organisation: ADULT_TEAM_RECIPIENT }, dataCategories: body.dataCategories }, context));
    const data = { caseFileId, clientId, adultTeamColleagueId: body.adultTeamColleagueId, dataCategories: body.dataCategories, decision, proposedBy: user.userId, proposedAt: this.now() };
    const handled = await this.run(caseFileId, clientId, { type: 'ProposeWarmHandover', data }, context, ifMatch);
    return withOutcome(handled, decision, 'proposed');
  }

  async recordConversation(user: AuthenticatedUser, caseFileId: string, clientId: string, body: { heldOn: string; adultTeamColleagueId: string }, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    await this.youthOnFile(user, caseFileId, clientId, 'act');
    // The youth coach is who records it: the logged-in coach.
    const data = { caseFileId, clientId, heldOn: body.heldOn, youthCoachId: user.userId, adultTeamColleagueId: body.adultTeamColleagueId, recordedAt: this.now() };
    return this.run(caseFileId, clientId, { type: 'RecordJointConversation', data }, context, ifMatch);
  }

  async completeHandover(user: AuthenticatedUser, caseFileId: string, clientId: string, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    await this.youthOnFile(user, caseFileId, clientId, 'act');
    const { dataCategories } = assertMayCompleteWarmHandover((await this.load(caseFileId)).state, clientId);
    // Consent again, now: a withdrawal since the proposal counts.
    const decision = decisionOf(await this.permits.decide({ clientId, purpose: WARM_HANDOVER_PURPOSE, recipient: { organisation: ADULT_TEAM_RECIPIENT }, dataCategories }, context));
    const handled = await this.run(caseFileId, clientId, { type: 'CompleteWarmHandover', data: { caseFileId, clientId, decision, completedBy: user.userId, completedAt: this.now() } }, context, ifMatch);
    return withOutcome(handled, decision, 'completed');
  }

  /** The case file, for the file's team; the youth one of its children; acting only on an open file. */
  async youthOnFile(user: AuthenticatedUser, caseFileId: string, clientId: string, mode: 'read' | 'act'): Promise<CaseFileState> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    const onFile = (state.childIds ?? []).includes(clientId);
    // A refusal is recorded in the log of the youth asked about, when the youth is on the file.
    const file = { teamId: state.teamId, clientId: onFile ? clientId : state.clientId };
    if (mode === 'read') await this.teams.assertMayRead(user, file, 'transition');
    else await this.teams.assertMayAct(user, file, 'transition');
    if (!onFile) throw new DomainError('client_not_on_case_file', 'not_found');
    if (mode === 'act' && state.status === 'closed') throw new DomainError('case_file_closed');
    return state;
  }

  private load(caseFileId: string): Promise<{ state: TransitionState; revision: bigint | undefined }> {
    return this.queries.execute(new Transitions.Current(caseFileId));
  }

  private async run(caseFileId: string, clientId: string, command: TransitionCommand, context: CommandContext, ifMatch?: bigint): Promise<Handled> {
    const result = await this.commands.execute(new Transitions.Command(caseFileId, command, context, { ifMatch }));
    return { view: viewOf(caseFileId, clientId, result.state), revision: result.revision };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function withOutcome(handled: Handled, decision: ConsentDecision, success: 'proposed' | 'completed'): Handled {
  const outcome = decision.outcome === 'permit' ? { outcome: success } : { outcome: 'refused' as const, denialReason: decision.denialReason };
  return { ...handled, view: { ...handled.view, ...outcome } };
}
