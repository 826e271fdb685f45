import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { type CommandContext, Clock, etagOf, IdGenerator, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { MeldcodeTrajectories } from '../application/meldcode-trajectories';
import { Professionals } from '../application/professionals';
import { type SafetyCaseFile, SafetyCaseFiles } from '../application/safety-case-files';
import type { Actor, MeldcodeCommand, MeldcodeState, MeldcodeTrajectory } from '../domain/meldcode';
import { ClientTalkDto, ConsultColleagueDto, DecideDto, MapSignalsDto, StartMeldcodeDto, WeighDto } from './meldcode.dto';

/** The Meldcode of a case file as the screen shows it: the open trajectory, or the last one decided. */
export type MeldcodeView = MeldcodeTrajectory & { caseFileId: string; decidedTrajectories: number };

const ROLES = ['coach', 'behavioural-scientist', 'team-coordinator'] as const;

/**
 * The Meldcode huiselijk geweld en kindermishandeling on a case file (seeds 000, 002): five steps
 * in order, each recorded by the logged-in professional (who and in which role from the token);
 * steps 4 and 5 count once another professional of the team confirms them, logged in themselves.
 * Only on case files case planning opened, of the caller's team. ETag/If-Match on every write.
 */
@ApiTags('meldcode')
@Controller('safety/:caseFileId/meldcode')
export class MeldcodeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: SafetyCaseFiles,
    private readonly professionals: Professionals,
  ) {}

  @Get('current')
  @Roles(...ROLES)
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment' })
  @ApiOperation({ summary: 'The current Meldcode trajectory of a case file: its steps, the step next, a step awaiting confirmation (the read is recorded in the access log)' })
  @ApiOkResponse({ description: 'The open trajectory or the last one decided; ETag is the revision of the Meldcode stream.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found (caseFileId), or not_found: no Meldcode trajectory on this file.' })
  @ApiForbiddenResponse({ description: 'other_team.' })
  async current(@UuidParam('caseFileId') caseFileId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<MeldcodeView> {
    await this.files.forRead(user, caseFileId);
    const { state, revision } = await this.queries.execute(new MeldcodeTrajectories.Query(caseFileId));
    response.setHeader('ETag', etagOf(revision));
    return viewOf(caseFileId, state);
  }

  @Post('trajectories')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Start a Meldcode trajectory for a child of the file (one at a time; a new one after a decision)' })
  @ApiCreatedResponse({ description: 'MeldcodeTrajectoryStarted appended; step 1 is next.' })
  @ApiConflictResponse({ description: 'meldcode_trajectory_open, case_file_closed, or changed meanwhile.' })
  @ApiUnprocessableEntityResponse({ description: 'not_a_child_of_this_file (clientId).' })
  start(@UuidParam('caseFileId') caseFileId: string, @Body() body: StartMeldcodeDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, (file, by, at) => {
      if (file.status !== 'open') throw new DomainError('case_file_closed', 'conflict', 'caseFileId');
      return { type: 'StartMeldcode', data: { caseFileId, clientId: body.clientId ?? file.clientId, teamId: file.teamId, childIds: file.childIds, trajectoryId: this.ids.next(), startedBy: by, startedAt: at } };
    });
  }

  @Post('steps/1')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Step 1: map the signals (codes; the note is sealed as personal data)' })
  @ApiCreatedResponse({ description: 'MeldcodeSignalsMapped appended.' })
  @ApiConflictResponse({ description: 'meldcode_not_started, meldcode_step_out_of_order (field: the step expected).' })
  @ApiUnprocessableEntityResponse({ description: 'signals or note at fault (field).' })
  signals(@UuidParam('caseFileId') caseFileId: string, @Body() body: MapSignalsDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, (_file, by, at) => ({ type: 'MapSignals', data: { recordedBy: by, recordedAt: at, signals: body.signals, note: body.note ?? null } }));
  }

  @Post('steps/2')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Step 2: collegial consultation with a member of the team, and perhaps advice from Veilig Thuis' })
  @ApiCreatedResponse({ description: 'MeldcodeColleagueConsulted appended.' })
  @ApiConflictResponse({ description: 'meldcode_step_out_of_order (field: the step expected).' })
  @ApiUnprocessableEntityResponse({ description: 'four_eyes_required / second_professional_unknown (consultedId), veiligThuisAdviceOn at fault.' })
  async consult(@UuidParam('caseFileId') caseFileId: string, @Body() body: ConsultColleagueDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, async (file, by, at) => {
      await this.professionals.assertSecond(file, user.userId, body.consultedId, 'consultedId');
      return { type: 'ConsultColleague', data: { recordedBy: by, recordedAt: at, consultedId: body.consultedId, veiligThuisAdvice: body.veiligThuisAdvice, veiligThuisAdviceOn: body.veiligThuisAdviceOn ?? null } };
    });
  }

  @Post('steps/3')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Step 3: the talk with the client (held on a date with members of the family, or why not)' })
  @ApiCreatedResponse({ description: 'MeldcodeClientTalkRecorded appended.' })
  @ApiConflictResponse({ description: 'meldcode_step_out_of_order (field: the step expected).' })
  @ApiUnprocessableEntityResponse({ description: 'heldOn, withClientIds (not_of_this_family) or notHeldReason at fault.' })
  talk(@UuidParam('caseFileId') caseFileId: string, @Body() body: ClientTalkDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, (file, by, at) => ({
      type: 'RecordClientTalk',
      data: { recordedBy: by, recordedAt: at, heldOn: body.heldOn ?? null, withClientIds: body.withClientIds ?? [], notHeldReason: body.notHeldReason ?? null, familyIds: [...file.childIds, ...file.familyMemberIds] },
    }));
  }

  @Post('steps/4')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Step 4: weigh with the afwegingskader (awaits the confirmation of a second professional)' })
  @ApiCreatedResponse({ description: 'MeldcodeWeighed appended; the step counts once confirmed.' })
  @ApiConflictResponse({ description: 'meldcode_step_out_of_order (field: the step expected).' })
  @ApiUnprocessableEntityResponse({ description: 'answers.<question> at fault.' })
  weigh(@UuidParam('caseFileId') caseFileId: string, @Body() body: WeighDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, (_file, by, at) => ({ type: 'Weigh', data: { recordedBy: by, recordedAt: at, answers: body.answers } }));
  }

  @Post('steps/5')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Step 5: decide (report to Veilig Thuis and/or organise help); awaits the confirmation of a second professional' })
  @ApiCreatedResponse({ description: 'MeldcodeDecisionProposed appended with its decision id; MeldcodeDecisionTaken follows the confirmation.' })
  @ApiConflictResponse({ description: 'meldcode_step_out_of_order (field: the step expected).' })
  @ApiUnprocessableEntityResponse({ description: 'outcome at fault.' })
  decide(@UuidParam('caseFileId') caseFileId: string, @Body() body: DecideDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.handle(caseFileId, user, context, ifMatch, response, (_file, by, at) => ({ type: 'ProposeDecision', data: { recordedBy: by, recordedAt: at, decisionId: this.ids.next(), outcome: body.outcome } }));
  }

  @Post('steps/:step/confirmation')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Confirm step 4 or 5 as the second professional (logged in yourself; never the one who recorded it)' })
  @ApiOkResponse({ description: 'MeldcodeStepConfirmed appended (and MeldcodeDecisionTaken for step 5).' })
  @ApiConflictResponse({ description: 'meldcode_step_out_of_order: this step awaits no confirmation (field: what is expected).' })
  @ApiUnprocessableEntityResponse({ description: 'step (only 4 and 5 are confirmed); four_eyes_required / second_professional_unknown (confirmedBy).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match: the trajectory changed meanwhile.' })
  confirm(@UuidParam('caseFileId') caseFileId: string, @Param('step') step: string, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response) {
    if (step !== '4' && step !== '5') throw new DomainError('step_needs_no_confirmation', 'unprocessable', 'step');
    return this.handle(caseFileId, user, context, ifMatch, response, async (file, by, at) => {
      const pending = (await this.stateOf(caseFileId))?.current?.awaitingConfirmation;
      // A real colleague of the file's team in intake's directory; the decider refuses the recorder too.
      if (pending) await this.professionals.assertSecond(file, pending.recordedBy, user.userId, 'confirmedBy');
      return { type: 'ConfirmStep', data: { step: Number(step), confirmedBy: by, confirmedAt: at } };
    });
  }

  /** The Meldcode of the file, or undefined when none was started (the decider then says what is expected). */
  private async stateOf(caseFileId: string): Promise<MeldcodeState | undefined> {
    try {
      return (await this.queries.execute(new MeldcodeTrajectories.Query(caseFileId))).state;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  private async handle(
    caseFileId: string,
    user: AuthenticatedUser,
    context: CommandContext,
    ifMatch: string | undefined,
    response: Response,
    command: (file: SafetyCaseFile, by: Actor, at: string) => MeldcodeCommand | Promise<MeldcodeCommand>,
  ): Promise<MeldcodeView> {
    const file = await this.files.forAct(user, caseFileId);
    const built = await command(file, { userId: user.userId, roles: user.roles }, this.clock.now().toISOString());
    const result = await this.commands.execute(new MeldcodeTrajectories.Command(caseFileId, built, context, { ifMatch: ifMatchRevision(ifMatch) }));
    response.setHeader('ETag', etagOf(result.revision));
    return viewOf(caseFileId, result.state);
  }
}

function viewOf(caseFileId: string, state: MeldcodeState): MeldcodeView {
  if (!state.current) throw new DomainError('not_found', 'not_found', 'caseFileId');
  return { ...state.current, caseFileId, decidedTrajectories: state.decided };
}
