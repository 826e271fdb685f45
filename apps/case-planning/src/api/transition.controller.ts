import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, etagOf, ifMatchRevision, RequestContext, UuidParam } from '@wijkteam/runtime';
import type { Response } from 'express';
import { type Handled, TransitionHandling, type TransitionView } from '../application/transition-handling';
import { JointConversationDto, OtherProvidersStatusDto, TransitionQuestionDto, WarmHandoverProposalDto } from './transition.dto';

/**
 * The 18-/18+ transition of one youth of a case file (seed 004), for the file's own Jeugdteam:
 * the question whether help must continue, the other providers' status, and the warm handover to
 * the adult team (proposal and completion each ask consent at that moment; a denial is recorded
 * as WarmHandoverRefused and answered 200 with outcome `refused`, not as an error).
 */
@ApiTags('transitions')
@Controller('case-files/:caseFileId/transitions/:clientId')
export class TransitionController {
  constructor(private readonly transitions: TransitionHandling) {}

  @Get()
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'transition', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: "A youth's 18-/18+ transition (the read is recorded in the access log)" })
  @ApiOkResponse({ description: 'Question, other providers, warm handover; ETag is the revision of the transition stream.' })
  @ApiForbiddenResponse({ description: 'other_team' })
  @ApiNotFoundResponse({ description: 'not_found (case file) or client_not_on_case_file.' })
  async get(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.read(user, caseFileId, clientId), response);
  }

  @Post('question')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Record the transition question: must help continue after 18, and how (seed 004)' })
  @ApiOkResponse({ description: 'TransitionQuestionRecorded appended (beforeEighteenthBirthday from intake\'s 18th birthday).' })
  @ApiConflictResponse({ description: 'warm_handover_under_way, case_file_closed, or changed meanwhile.' })
  @ApiUnprocessableEntityResponse({ description: 'continuation_contradicts_help_must_continue (continuation), date_in_future (askedOn), or a field at fault.' })
  @ApiServiceUnavailableResponse({ description: 'intake unreachable: nothing recorded.' })
  async question(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @Body() body: TransitionQuestionDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.recordQuestion(user, caseFileId, clientId, body, context, ifMatchRevision(ifMatch)), response);
  }

  @Post('other-providers')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: "Record what the other providers said of their help at 18 (asked actively, seed 004), or that there are none" })
  @ApiOkResponse({ description: 'OtherProvidersStatusRecorded appended.' })
  @ApiUnprocessableEntityResponse({ description: 'providers_or_none (providers), provider_named_twice, or a field at fault.' })
  async otherProviders(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @Body() body: OtherProvidersStatusDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.recordOtherProviders(user, caseFileId, clientId, body, context, ifMatchRevision(ifMatch)), response);
  }

  @Post('warm-handover/proposal')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Propose the warm handover to an adult-team colleague: consent (warm_handover, recipient volwassenenteam) is asked now' })
  @ApiOkResponse({ description: "outcome 'proposed' (WarmHandoverProposed) or 'refused' with denialReason (WarmHandoverRefused)." })
  @ApiConflictResponse({ description: 'warm_handover_already_proposed / _completed, case_file_closed, or changed meanwhile.' })
  @ApiUnprocessableEntityResponse({ description: 'transition_question_required / continuation_not_handover_to_adult_team (continuation), or a field at fault.' })
  @ApiServiceUnavailableResponse({ description: 'consent unreachable: nothing recorded.' })
  async propose(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @Body() body: WarmHandoverProposalDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.proposeHandover(user, caseFileId, clientId, body, context, ifMatchRevision(ifMatch)), response);
  }

  @Post('warm-handover/conversation')
  @HttpCode(200)
  @Roles('coach')
  @ApiOperation({ summary: 'Record the joint conversation: you (the youth coach) and the adult-team colleague with the client, so the story is told once' })
  @ApiOkResponse({ description: 'WarmHandoverConversationHeld appended.' })
  @ApiConflictResponse({ description: 'warm_handover_not_proposed, joint_conversation_already_recorded, or changed meanwhile.' })
  @ApiUnprocessableEntityResponse({ description: 'not_the_proposed_colleague (adultTeamColleagueId), date_in_future / date_before_proposal (heldOn), or a field at fault.' })
  async conversation(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @Body() body: JointConversationDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.recordConversation(user, caseFileId, clientId, body, context, ifMatchRevision(ifMatch)), response);
  }

  @Post('warm-handover/completion')
  @HttpCode(200)
  @Roles('coach', 'team-coordinator')
  @ApiOperation({ summary: 'Complete the warm handover: consent is checked again now' })
  @ApiOkResponse({ description: "outcome 'completed' (WarmHandoverCompleted, the covered categories) or 'refused' with denialReason (WarmHandoverRefused)." })
  @ApiConflictResponse({ description: 'joint_conversation_required, warm_handover_not_proposed / _already_completed, or changed meanwhile.' })
  @ApiServiceUnavailableResponse({ description: 'consent unreachable: nothing recorded.' })
  async complete(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) response: Response): Promise<TransitionView> {
    return answer(await this.transitions.completeHandover(user, caseFileId, clientId, context, ifMatchRevision(ifMatch)), response);
  }
}

function answer({ view, revision }: Handled, response: Response): TransitionView {
  if (revision !== undefined) response.setHeader('ETag', etagOf(revision));
  return view;
}
