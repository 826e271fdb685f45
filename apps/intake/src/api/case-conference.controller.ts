import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wijkteam/auth';
import { Clock } from '@wijkteam/runtime';
import { type ConferenceDates, conferenceDatesFrom } from '../domain/case-conference';
import { IntakeSettings } from '../intake.settings';
import { CaseConferenceDatesView } from './worklist.dto';

/** The case-conference schedule (seed 000; INTAKE_CONFERENCE_DAYS, default Monday and Thursday). */
@ApiTags('worklists')
@Controller('case-conferences')
export class CaseConferenceController {
  constructor(
    private readonly clock: Clock,
    @Inject(IntakeSettings.token) private readonly settings: IntakeSettings,
  ) {}

  @Get('next')
  @Roles('front-office', 'coach', 'team-coordinator')
  @ApiOperation({ summary: 'The next case conference (today when there is one today) and the one before it' })
  @ApiOkResponse({ type: CaseConferenceDatesView })
  next(): ConferenceDates {
    return conferenceDatesFrom(this.settings.INTAKE_CONFERENCE_DAYS, this.clock.now().toISOString().slice(0, 10));
  }
}
