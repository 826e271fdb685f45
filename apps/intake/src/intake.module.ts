import { Module } from '@nestjs/common';
import { AuditModule } from '@wijkteam/audit';
import { PERSONAL_DATA } from '@wijkteam/contracts';
import { definePersonalDataPolicy, KeyRing, PersonalDataCodec, PrivacyModule } from '@wijkteam/privacy';
import { APP_CONFIG, type AppConfig, environmentOf, erasureFollowerFor, messagingFor, projectionsFor } from '@wijkteam/runtime';
import { CareHistory } from './application/care-history';
import { Referrals } from './application/referrals';
import { TeamDirectory } from './application/team-directory';
import { Teams } from './application/teams';
import { AssignmentController } from './api/assignment.controller';
import { ReferralController } from './api/referral.controller';
import { IntakeRequestsController } from './api/intake-requests.controller';
import { TeamController } from './api/team.controller';
import { Worklists } from './application/worklists';
import { CaseConferenceController } from './api/case-conference.controller';
import { WorklistController } from './api/worklist.controller';
import { EighteenthBirthdaysController } from './api/eighteenth-birthdays.controller';
import { EighteenthBirthdays } from './application/eighteenth-birthdays';
import { intakeGateway } from './intake.gateway';
import { ELIGIBILITY_RULES, IntakeSettings, loadEligibilityRules, MATCH_SECRET, matchSecretOf } from './intake.settings';
import { careHistoryProjection } from './projections/care-history.projection';
import { CaseFileStatusFeed, caseFileStatusProjection } from './projections/case-file-status.projection';
import { CoachSafetyFlagsFeed, coachSafetyFlagsProjection } from './projections/coach-safety-flags.projection';
import { CoachSafetyFlags } from './application/coach-safety-flags';
import { caseloadProjection } from './projections/caseload.projection';
import { clientReferralsProjection } from './projections/client-referrals.projection';
import { teamDirectoryProjection } from './projections/team-directory.projection';
import { referralWorklistProjection } from './projections/referral-worklist.projection';
import { IntakeCaseHistoryReplies } from './api/case-history.replies';

/** Intake's read models built from the history alone (the care-history index also needs the key ring and the match key). */
export const INTAKE_PROJECTIONS = [caseFileStatusProjection, referralWorklistProjection, teamDirectoryProjection, caseloadProjection, clientReferralsProjection, coachSafetyFlagsProjection];

const matchSecret = (config: AppConfig) => matchSecretOf(IntakeSettings.load(environmentOf(config)), config.NODE_ENV);

/** The intake service: referrals, care-history check, eligibility, waiting list (docs/architecture.md). */
@Module({
  imports: [
    messagingFor('intake', intakeGateway),
    projectionsFor('intake', ...INTAKE_PROJECTIONS, {
      inject: [KeyRing, APP_CONFIG],
      // The one read model that opens sealed fields (to hash them): the process's key ring, eagerly.
      useFactory: (ring: KeyRing, config: AppConfig) => careHistoryProjection(new PersonalDataCodec(definePersonalDataPolicy(PERSONAL_DATA), ring, { decode: 'eager' }), matchSecret(config)),
    }),
    AuditModule.forService('intake'),
    PrivacyModule.forService('intake'),
  ],
  controllers: [ReferralController, WorklistController, CaseConferenceController, TeamController, IntakeRequestsController, AssignmentController, CaseFileStatusFeed, CoachSafetyFlagsFeed, EighteenthBirthdaysController, erasureFollowerFor('intake'), IntakeCaseHistoryReplies],
  providers: [
    IntakeSettings.provider,
    { provide: ELIGIBILITY_RULES, inject: [IntakeSettings.token], useFactory: loadEligibilityRules },
    { provide: MATCH_SECRET, inject: [APP_CONFIG], useFactory: matchSecret },
    CareHistory,
    CoachSafetyFlags,
    TeamDirectory,
    Worklists,
    EighteenthBirthdays,
    ...Referrals.handlers,
    ...Teams.handlers,
  ],
})
export class IntakeModule {}
