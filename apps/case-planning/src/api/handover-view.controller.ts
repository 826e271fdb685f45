import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type CommandContext, RequestContext, UuidParam } from '@wijkteam/runtime';
import { AdultTeamAccess } from '../application/adult-team-access';
import { handedOverPlanOf, type HandoverView, handoverViewOf } from '../application/handover-view';
import { Plans } from '../application/plans';
import type { PlanState } from '../domain/plan';

/** The adult team's view of a youth handed over to it (seed 004): what the consent covers now, nothing else. */
@ApiTags('transitions')
@Controller('case-files/:caseFileId/transitions/:clientId/handover-view')
export class HandoverViewController {
  constructor(
    private readonly access: AdultTeamAccess,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('adult-team')
  @AccessLogged({ part: 'transition', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'What a completed warm handover releases to you: per data category covered now or not; covered parts shown, the rest withheld (the read is access-logged)' })
  @ApiOkResponse({ description: 'categories (covered now, per consent decision), shown parts, withheld parts.' })
  @ApiForbiddenResponse({ description: 'not_handed_over: no completed warm handover of this client to you (the refusal is access-logged).' })
  @ApiNotFoundResponse({ description: 'not_found (case file) or client_not_on_case_file.' })
  @ApiServiceUnavailableResponse({ description: 'consent unreachable: nothing shown.' })
  async view(@UuidParam('caseFileId') caseFileId: string, @UuidParam('clientId') clientId: string, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext): Promise<HandoverView> {
    const access = await this.access.coveredCategories(user, caseFileId, clientId, context);
    // The plan's texts are opened only when the consent covers them now.
    const covered = access.categories.some((category) => category.covered && category.category === 'plan_of_approach');
    const plan = covered ? handedOverPlanOf(await this.planOf(caseFileId), clientId) : null;
    return handoverViewOf(caseFileId, clientId, access, plan);
  }

  private async planOf(caseFileId: string): Promise<PlanState> {
    return (await this.queries.execute(new Plans.Current(caseFileId))).state;
  }
}
