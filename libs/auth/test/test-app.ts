import { Controller, Get, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule, CurrentUser, Public, Roles, type AuthenticatedUser, type AuthOptions } from '../src';

export const DEV_OPTIONS: AuthOptions = {
  mode: 'development',
  issuer: 'urn:wijkteam:test-issuer',
  audience: 'wijkteam-test',
};

@Controller('cases')
export class TestCasesController {
  @Public()
  @Get('public')
  open(): { open: true } {
    return { open: true };
  }

  @Roles('coach')
  @Get('coach')
  forCoaches(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Roles('auditor', 'team-coordinator')
  @Get('audit')
  forAuditors(): { audited: true } {
    return { audited: true };
  }

  @Get('undecorated')
  forgotten(): { leaked: true } {
    return { leaked: true };
  }

  // A mistake the module must survive: asking for the user on a route that has none.
  @Public()
  @Get('public-with-user')
  publicWithUser(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}

/** Controller-level rules, overridden per handler. */
@Roles('team-coordinator')
@Controller('coordination')
export class TestCoordinationController {
  @Get('decisions')
  decisions(): { decided: true } {
    return { decided: true };
  }

  @Public()
  @Get('agenda')
  agenda(): { agenda: true } {
    return { agenda: true };
  }
}

@Public()
@Controller('info')
export class TestInfoController {
  @Get('about')
  about(): { about: true } {
    return { about: true };
  }

  @Roles('coach')
  @Get('coach-notes')
  coachNotes(): { notes: true } {
    return { notes: true };
  }
}

/** Collects every log line, so tests can prove tokens never reach a log. */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, ...rest: unknown[]): void {
    this.lines.push(JSON.stringify([message, ...rest]));
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.log(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.log(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.log(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.log(message, ...rest);
  }
}

export async function createTestApp(options: AuthOptions, logger = new RecordingLogger()): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(options)],
    controllers: [TestCasesController, TestCoordinationController, TestInfoController],
  })
    .setLogger(logger)
    .compile();
  const app = moduleRef.createNestApplication({ logger });
  await app.init();
  return app;
}
