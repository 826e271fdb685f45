import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { CareHistory } from '../application/care-history';
import { CoachSafetyFlags } from '../application/coach-safety-flags';
import { Referrals } from '../application/referrals';
import type { EligibilityOutcome, EligibilityRules } from '../domain/eligibility';
import { eligibilityOf, type ReferralCommand, type ReferralState } from '../domain/referral';
import { ELIGIBILITY_RULES } from '../intake.settings';
import { AssessEligibilityDto, DeclineReferralDto, MarkInDoubtDto, ReceiveReferralDto, RemoveFromWaitingListDto } from './referral.dto';

const DECIDERS = ['coach', 'team-coordinator'] as const;

/** Aanmeldingen. Youth files of one team: other teams, the adult team and partners have no access (seed 004). */
@ApiTags('referrals')
@Controller('referrals')
export class ReferralController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly careHistory: CareHistory,
    private readonly coachSafetyFlags: CoachSafetyFlags,
    private readonly teams: TeamFileAccess,
    @Inject(ELIGIBILITY_RULES) private readonly rules: EligibilityRules,
  ) {}

  @Post()
  @Roles('front-office', 'coach', 'team-coordinator')
  @ApiOperation({ summary: "Receive a referral (aanmelding) for a family; its care history is checked at once, for the caller's team" })
  @ApiCreatedResponse({ description: 'ReferralReceived, a ReferralPersonRecorded per further person and CareHistoryChecked appended; the body has the ids, the status and what the care-history check found. ETag of the stream.' })
  @ApiUnprocessableEntityResponse({ description: 'A field at fault: outside_age_range (children.N.birthDate), etm_out_of_range, de_escalation_origin_required (deEscalationFrom), client_named_twice.' })
  async receive(@Body() body: ReceiveReferralDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Res({ passthrough: true }) response: Response) {
    const referralId = this.ids.next();
    const person = (p: { name: string; birthDate?: string; bsn?: string }) => ({ name: p.name, birthDate: p.birthDate ?? null, bsn: p.bsn ?? null });
    const children = body.children.map((child) => ({ clientId: child.clientId ?? this.ids.next(), person: person(child.person) }));
    const familyMembers = (body.familyMembers ?? []).map((member) => ({ clientId: member.clientId ?? this.ids.next(), relation: member.relation, person: person(member.person) }));
    const careHistory = await this.careHistory.check([...children, ...familyMembers].map((p) => p.person));
    const state = await this.execute(referralId, {
      type: 'ReceiveReferral',
      data: {
        referralId,
        clientId: children[0].clientId,
        teamId: user.organisation,
        channel: body.channel,
        route: body.route,
        deEscalationFrom: body.deEscalationFrom ?? null,
        children,
        familyMembers,
        referrer: { organisation: body.referrer.organisation, role: body.referrer.role, contact: body.referrer.contact },
        helpQuestion: body.helpQuestion,
        themes: body.themes ?? [],
        etmIndication: body.etmIndication ?? null,
        intellectualDisability: body.intellectualDisability ?? false,
        warmHandover: body.warmHandover ?? null,
        clientConsented: body.clientConsented ?? null,
        inCareWith: body.inCareWith ?? 'unknown',
        caseDirectionStaysWithReferrer: body.caseDirectionStaysWithReferrer ?? null,
        coachSafetyConcern: body.coachSafetyConcern ?? null,
        receivedAt: this.now(),
        careHistory,
      },
    }, context, undefined, response);
    return {
      referralId,
      clientId: children[0].clientId,
      childIds: children.map((c) => c.clientId),
      familyMemberIds: familyMembers.map((m) => m.clientId),
      teamId: user.organisation,
      status: state.status,
      careHistory: state.careHistory ?? [],
    };
  }

  @Get(':referralId')
  @Roles('front-office', 'coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'referral' })
  @ApiOperation({ summary: 'Read a referral of your team (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The referral as folded from its events; ETag is its revision.' })
  @ApiForbiddenResponse({ description: 'other_team: the referral belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no referral with this id.' })
  async get(@UuidParam('referralId') referralId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<ReferralState> {
    const { state, revision } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayRead(user, state, 'referral');
    response.setHeader('ETag', etagOf(revision));
    return state;
  }

  @Get(':referralId/eligibility')
  @Roles('front-office', 'coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @ApiOperation({ summary: "The referral's route conditions under the current rules: each met, not met or unknown, with its source" })
  @ApiOkResponse({ description: 'rulesVersion, route, result (eligible, not_eligible, undetermined) and the conditions.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'not_found' })
  async eligibility(@UuidParam('referralId') referralId: string, @CurrentUser() user: AuthenticatedUser): Promise<EligibilityOutcome> {
    const { state } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayRead(user, state, 'referral');
    return eligibilityOf(this.rules, state as Parameters<typeof eligibilityOf>[1]);
  }

  @Post(':referralId/eligibility-assessment')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: "Record the team's assessment of route conditions (e.g. adds_value, voluntary_help_accepted)" })
  @ApiOkResponse({ description: 'EligibilityAssessed appended, with the rules version and the outcome per condition.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided, or changed meanwhile (without If-Match).' })
  async assess(
    @UuidParam('referralId') referralId: string,
    @Body() body: AssessEligibilityDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { state: referral } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayAct(user, referral, 'referral');
    // DOMAIN.md "Safety": safety's coach-safety flag on the family answers coach_safety (it wins over the coach's answer).
    const family = [referral.clientId, ...(referral.children ?? []).map((c) => c.clientId), ...(referral.familyMembers ?? []).map((m) => m.clientId)].filter((id): id is string => !!id);
    const coachSafetyFlag = await this.coachSafetyFlags.flagOf(family);
    const command: ReferralCommand = { type: 'AssessEligibility', data: { answers: body.answers, coachSafetyFlag, assessedBy: user.userId, assessedAt: this.now() } };
    const state = await this.execute(referralId, command, context, ifMatch, response);
    return { referralId, status: state.status, eligibility: eligibilityOf(this.rules, state as Parameters<typeof eligibilityOf>[1]) };
  }

  @Post(':referralId/doubt')
  @HttpCode(200)
  @Roles('front-office', ...DECIDERS)
  @ApiOperation({ summary: "Mark a referral in doubt: it goes on the team coordinator's list for consultation with the referrer" })
  @ApiOkResponse({ description: 'ReferralMarkedInDoubt appended.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'referral_already_in_doubt or referral_already_decided.' })
  async markInDoubt(
    @UuidParam('referralId') referralId: string,
    @Body() body: MarkInDoubtDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'MarkInDoubt', data: { reason: body.reason, markedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status, inDoubt: state.inDoubt };
  }

  @Post(':referralId/doubt-resolution')
  @HttpCode(200)
  @Roles('team-coordinator')
  @ApiOperation({ summary: 'The coordinator resolved the doubt (after consulting the referrer)' })
  @ApiOkResponse({ description: 'ReferralDoubtResolved appended.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'referral_not_in_doubt' })
  async resolveDoubt(
    @UuidParam('referralId') referralId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'ResolveDoubt', data: { resolvedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status, inDoubt: state.inDoubt };
  }

  @Post(':referralId/discussion')
  @HttpCode(200)
  @Roles('front-office', ...DECIDERS)
  @ApiOperation({ summary: 'Put a referral on the agenda of the next case conference' })
  @ApiOkResponse({ description: 'ReferralMarkedForDiscussion appended.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'referral_already_marked_for_discussion or referral_already_decided.' })
  async markForDiscussion(
    @UuidParam('referralId') referralId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'MarkForDiscussion', data: { markedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status, markedForDiscussion: state.markedForDiscussion };
  }

  @Post(':referralId/acceptance')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'Accept a referral: every condition of its route must be met; a case file is opened' })
  @ApiOkResponse({ description: 'ReferralAccepted appended with the rules version; the body names the new caseFileId.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided, or changed meanwhile (without If-Match).' })
  @ApiUnprocessableEntityResponse({ description: 'eligibility_not_met or eligibility_unknown, naming the condition (field).' })
  async accept(
    @UuidParam('referralId') referralId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caseFileId = this.ids.next();
    const state = await this.act(referralId, user, { type: 'AcceptReferral', data: { caseFileId, decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, caseFileId, status: state.status };
  }

  @Post(':referralId/decline')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'Decline a referral, with a reason and a redirect' })
  @ApiOkResponse({ description: 'ReferralDeclined appended, with the rules version.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided, or changed meanwhile (without If-Match).' })
  async decline(
    @UuidParam('referralId') referralId: string,
    @Body() body: DeclineReferralDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'DeclineReferral', data: { ...body, decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status };
  }

  @Post(':referralId/waitlist')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'Put a referral on the waiting list (Veilig Thuis and ETM 5 first)' })
  @ApiOkResponse({ description: 'ReferralWaitlisted appended, with its priority.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'referral_not_found' })
  @ApiConflictResponse({ description: 'referral_already_decided or referral_already_waitlisted, or changed meanwhile (without If-Match).' })
  async waitlist(
    @UuidParam('referralId') referralId: string,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'WaitlistReferral', data: { decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status, priority: state.priority };
  }

  @Post(':referralId/waitlist-removal')
  @HttpCode(200)
  @Roles(...DECIDERS)
  @ApiOperation({ summary: 'Take a referral off the waiting list, with its reason (capacity_available puts it back to be decided)' })
  @ApiOkResponse({ description: 'ReferralRemovedFromWaitingList appended.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiConflictResponse({ description: 'referral_not_on_waiting_list' })
  async removeFromWaitingList(
    @UuidParam('referralId') referralId: string,
    @Body() body: RemoveFromWaitingListDto,
    @CurrentUser() user: AuthenticatedUser,
    @RequestContext() context: CommandContext,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const state = await this.act(referralId, user, { type: 'RemoveFromWaitingList', data: { reason: body.reason, decidedAt: this.now() } }, context, ifMatch, response);
    return { referralId, status: state.status };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** A decision by the referral's own team (team separation first: 404 when it does not exist, 403 for another team). */
  private async act(referralId: string, user: AuthenticatedUser, command: ReferralCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<ReferralState> {
    await this.assertMayAct(referralId, user);
    return this.execute(referralId, command, context, ifMatch, response);
  }

  private async assertMayAct(referralId: string, user: AuthenticatedUser): Promise<void> {
    const { state } = await this.queries.execute(new Referrals.Query(referralId));
    await this.teams.assertMayAct(user, state, 'referral');
  }

  private async execute(referralId: string, command: ReferralCommand, context: CommandContext, ifMatch: string | undefined, response: Response): Promise<ReferralState> {
    const result = await this.commands.execute(new Referrals.Command(referralId, command, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return result.state;
  }
}
