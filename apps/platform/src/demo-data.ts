import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CaseFiles } from '@wijkteam/case-planning';
import { DomainError } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { CareHistory, type Expertise, type FamilyRelation, IntakeSettings, type ReferralCommand, Referrals, Teams } from '@wijkteam/intake';
import { APP_CONFIG, type AppConfig, Clock, type CommandContext, dataDirectory, environmentOf, IdGenerator } from '@wijkteam/runtime';
import { DemoActors } from './demo-actors';
import { type DemoCaseWork, DemoCaseWorker } from './demo-case-work';
import { type DemoSafetyWork, DemoSafetyWorker } from './demo-safety-work';
import { PlatformSettings } from './platform.settings';
import { DEFAULT_SAFETY_PLAN_DAYS, SafetyAssessments } from '@wijkteam/safety';

/** The demo users' team (libs/auth demo users): its coaches see the demo referrals. */
const DEMO_TEAM = 'wijkteam-noord';

type ReceiveData = Extract<ReferralCommand, { type: 'ReceiveReferral' }>['data'];
type DemoPerson = { name: string; birthDate: string | null; bsn?: string };

interface DemoFamily {
  label: string;
  /** Fictional; each sealed with that person's own key like any personal data. The first child is the referred one. */
  children: DemoPerson[];
  familyMembers?: { relation: 'parent' | 'guardian' | 'step_parent'; person: DemoPerson }[];
  referral: Pick<ReceiveData, 'channel' | 'route' | 'etmIndication' | 'intellectualDisability'> & Partial<ReceiveData>;
  /** An earlier referral of the same family, declined: the care-history check of this one finds it. */
  earlier?: boolean;
  decision: 'accept' | 'decline' | 'waitlist' | 'waitlist-then-accept' | 'agenda' | 'in-doubt';
  /** Assigned at the case conference (seed 000: preferably two). */
  coaches?: string[];
  director?: { directorId: string; directorKind: 'coach' | 'certified_institution' | 'gosa' };
  etm?: number[];
  /** How long ago the referral came in (default: today): the plan and evaluation clocks run from it. */
  receivedDaysAgo?: number;
  /** The case work after the file opened: plan, evaluation, the 18-/18+ warm handover. */
  casework?: DemoCaseWork;
  /** Safety's work on the file: the Meldcode, an escalation. */
  safetywork?: DemoSafetyWork;
}

/**
 * How far the first start's seeding got, in the data directory beside the store: written before the
 * first event and after each family. A start that finds it unfinished (the process was stopped or
 * killed while seeding) seeds what is missing. The history is append-only, so a family interrupted
 * half-way keeps what it had, and is seeded again whole under new ids.
 */
interface SeedingProgress {
  team: boolean;
  families: string[];
  finished: boolean;
}

class ProgressFile {
  constructor(private readonly file: string | undefined) {}

  read(): SeedingProgress | undefined {
    if (!this.file || !fs.existsSync(this.file)) return undefined;
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as SeedingProgress;
  }

  write(progress: SeedingProgress): void {
    if (!this.file) return;
    const next = `${this.file}.next`;
    fs.writeFileSync(next, JSON.stringify(progress));
    fs.renameSync(next, this.file);
  }
}

/** A step the seeder waited on (a bus-fed reaction or index) did not happen in time. */
class SeedingTimeout extends Error {
  constructor(readonly step: string) {
    super(`demo seeding step timed out: ${step}`);
    this.name = 'SeedingTimeout';
  }
}

/** A birth date that makes a youth turn 18 in `months` from today: the 18-/18+ list always shows them. */
function turning18In(months: number): string {
  const birthday = new Date();
  birthday.setUTCMonth(birthday.getUTCMonth() + months, 15);
  birthday.setUTCFullYear(birthday.getUTCFullYear() - 18);
  return birthday.toISOString().slice(0, 10);
}

// Fictional families at different stages. Names, birth dates and BSNs (test numbers passing the
// elfproef) are sealed per person before they are stored, and never logged.
const FAMILIES: DemoFamily[] = [
  {
    label: 'jgz-accepted',
    children: [{ name: 'Sanne de Vries', birthDate: '2014-05-12', bsn: '111222333' }, { name: 'Bram de Vries', birthDate: '2017-02-01' }],
    familyMembers: [{ relation: 'parent', person: { name: 'Ellen de Vries', birthDate: '1984-09-17' } }],
    referral: { channel: 'partner_form', route: 'jgz', etmIndication: 3, intellectualDisability: false, themes: ['opvoeding', 'school'] },
    earlier: true,
    decision: 'accept',
    coaches: ['coach-noord-1', 'coach-noord-2'],
    director: { directorId: 'coach-noord-1', directorKind: 'coach' },
    etm: [3],
    receivedDaysAgo: 100,
    casework: { firstVisit: { etm: 3 }, plan: true, evaluation: true },
  },
  {
    label: 'veilig-thuis-urgent',
    children: [{ name: 'Daan Bakker', birthDate: '2019-09-30' }],
    familyMembers: [{ relation: 'parent', person: { name: 'Mila Bakker', birthDate: '1992-03-08' } }],
    referral: { channel: 'phone', route: 'veilig_thuis', etmIndication: 5, intellectualDisability: false, themes: ['huiselijk_geweld', 'jonge_kinderen'] },
    decision: 'waitlist-then-accept',
    coaches: ['coach-noord-2'],
    director: { directorId: 'coach-noord-2', directorKind: 'coach' },
    etm: [4, 5],
    casework: { firstVisit: { etm: 5 } },
    safetywork: { meldcodeToVeiligThuis: true, escalationToGi: 'gi-jeugdbescherming-west' },
  },
  { label: 'self-referral-declined', children: [{ name: 'Noah Jansen', birthDate: '2007-01-18' }], referral: { channel: 'desk', route: 'self_referral', etmIndication: null, intellectualDisability: false }, decision: 'decline' },
  { label: 'network-waitlisted', children: [{ name: 'Lotte Visser', birthDate: '2012-11-03' }], referral: { channel: 'mail', route: 'neighbourhood_network', etmIndication: 4, intellectualDisability: false, themes: ['ggz'] }, decision: 'waitlist' },
  {
    label: 'gi-dwang-drang',
    children: [{ name: 'Milan de Boer', birthDate: '2010-06-21' }],
    referral: { channel: 'partner_form', route: 'certified_institution', etmIndication: 4, intellectualDisability: false },
    decision: 'accept',
    coaches: ['coach-noord-1'],
    director: { directorId: 'gi-jeugdbescherming-west', directorKind: 'certified_institution' },
  },
  {
    label: 'school-on-agenda',
    children: [{ name: 'Yara el Amrani', birthDate: '2016-10-14' }],
    familyMembers: [{ relation: 'guardian', person: { name: 'Samira el Amrani', birthDate: null } }],
    referral: { channel: 'mail', route: 'neighbourhood_network', etmIndication: null, intellectualDisability: true, themes: ['lvb', 'school'] },
    decision: 'agenda',
  },
  {
    label: 'turning-18-warm-handover',
    children: [{ name: 'Jesse Smit', birthDate: turning18In(4) }],
    referral: { channel: 'phone', route: 'jgz', etmIndication: 3, intellectualDisability: false, themes: ['jongvolwassenen'] },
    decision: 'accept',
    coaches: ['coach-noord-1'],
    director: { directorId: 'coach-noord-1', directorKind: 'coach' },
    receivedDaysAgo: 60,
    casework: { firstVisit: { etm: 3 }, plan: true, warmHandover: true },
  },
  { label: 'network-in-doubt', children: [{ name: 'Finn Mulder', birthDate: '2011-04-27' }], referral: { channel: 'phone', route: 'other_municipality', etmIndication: 3, intellectualDisability: false, inCareWith: 'unknown' }, decision: 'in-doubt' },
];

/** The demo team (coordinator-1's): who the case conference can assign, by expertise and capacity (seed 002). */
const TEAM: { userId: string; kind: 'jeugdteam' | 'volwassenenteam'; neighbourhood: string; expertise: Expertise[]; capacity: number }[] = [
  { userId: 'coach-noord-1', kind: 'jeugdteam', neighbourhood: 'noord-centrum', expertise: ['opvoeding', 'jonge_kinderen', 'school'], capacity: 15 },
  { userId: 'coach-noord-2', kind: 'jeugdteam', neighbourhood: 'noord-oost', expertise: ['huiselijk_geweld', 'lvb', 'echtscheiding'], capacity: 12 },
  { userId: 'volwassenenteam-1', kind: 'volwassenenteam', neighbourhood: 'noord-centrum', expertise: ['ggz', 'verslaving'], capacity: 20 },
];

/**
 * Demo data on the first start of the embedded default, through the real command path (commands →
 * deciders → events), never by writing read models. Case files are opened the real way too: intake
 * accepts, case-planning reacts to ReferralAccepted on the bus. Seeding runs in the background once
 * the application is up; `done` settles when it is finished.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PlatformSettings.token) private readonly settings: PlatformSettings,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly modules: ModuleRef,
    private readonly actors: DemoActors,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intake = IntakeSettings.load(environmentOf(config));
    const directory = dataDirectory(config);
    this.progress = new ProgressFile(directory ? path.join(directory, 'demo-seeding.json') : undefined);
  }

  private readonly intake: IntakeSettings;
  private readonly progress: ProgressFile;

  onApplicationBootstrap(): void {
    if (!this.settings.DEMO_DATA) return;
    if (!this.actors.issuer()) {
      this.logger.warn('demo data skipped: its users are the development issuer\'s (AUTH_MODE=development)');
      return;
    }
    this.done = this.seedAll().catch((error: unknown) => {
      // Codes only: a DomainError's code and field, or the name of the step that timed out; never a message that could carry data.
      const detail = error instanceof DomainError ? { code: error.code, field: error.field } : error instanceof SeedingTimeout ? { step: error.step } : {};
      this.logger.error({ errorType: error instanceof Error ? error.name : typeof error, ...detail }, 'demo data failed');
    });
  }

  private async seedAll(): Promise<void> {
    const found = this.progress.read();
    if (found?.finished) return;
    // Events but no progress: not the first start (or data from before this file existed).
    if (!found && (await this.store.headPosition()) > 0n) return;
    const progress: SeedingProgress = found ?? { team: false, families: [], finished: false };
    if (found) this.logger.log({ familiesDone: found.families.length, families: FAMILIES.length }, 'demo data resumed');
    this.progress.write(progress);
    if (!progress.team) {
      await this.seedTeam();
      progress.team = true;
      this.progress.write(progress);
    }
    for (const family of FAMILIES.filter(({ label }) => !progress.families.includes(label))) {
      // A line per family with its ids (ids and codes only): the worklists list them too.
      const ids = await this.seed(family);
      progress.families.push(family.label);
      this.progress.write(progress);
      this.logger.log({ family: family.label, ...ids }, 'demo family created');
    }
    progress.finished = true;
    this.progress.write(progress);
    this.logger.log({ families: FAMILIES.length }, 'demo data created');
  }

  private context(): CommandContext {
    return { actor: { userId: 'coordinator-1', role: 'team-coordinator', organisation: DEMO_TEAM }, correlationId: this.ids.next(), purpose: 'demo-data' };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async seedTeam(): Promise<void> {
    for (const member of TEAM) {
      const register = this.commands.execute(
        new Teams.Command(DEMO_TEAM, { type: 'RegisterTeamMember', data: { teamId: DEMO_TEAM, ...member, registeredBy: 'coordinator-1', registeredAt: this.now() } }, this.context()),
      );
      // Resumed: who was registered before the stop stays registered.
      await register.catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === 'member_already_registered')) throw error;
      });
    }
  }

  /** The case file is opened by case-planning's reactor, asynchronously: wait until it is there. */
  private async caseFileOpened(caseFileId: string): Promise<void> {
    await this.until(async () => {
      try {
        await this.queries.execute(new CaseFiles.Query(caseFileId));
        return true;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
        return false;
      }
    }, 'case_file_opened');
  }

  /** Up to a minute: on a loaded machine (a first start on a small node, a CI run) the reactor may lag well behind. */
  private async until(done: () => Promise<boolean>, step: string): Promise<void> {
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new SeedingTimeout(step);
  }

  /** A referral received as the front door receives it: the family's care history checked first. */
  private async receive(family: DemoFamily, referralId: string, children: { clientId: string; person: DemoPerson }[], familyMembers: { clientId: string; relation: FamilyRelation; person: DemoPerson }[]): Promise<void> {
    const person = (p: DemoPerson) => ({ name: p.name, birthDate: p.birthDate, bsn: p.bsn ?? null });
    const persons = [...children, ...familyMembers].map((p) => person(p.person));
    const careHistory = await this.modules.get(CareHistory, { strict: false }).check(persons);
    await this.commands.execute(
      new Referrals.Command(
        referralId,
        {
          type: 'ReceiveReferral',
          data: {
            referralId,
            clientId: children[0].clientId,
            teamId: DEMO_TEAM,
            deEscalationFrom: null,
            children: children.map((c) => ({ clientId: c.clientId, person: person(c.person) })),
            familyMembers: familyMembers.map((m) => ({ clientId: m.clientId, relation: m.relation, person: person(m.person) })),
            referrer: { organisation: 'Demo-verwijzer', role: 'jeugdverpleegkundige', contact: 'via het demo-formulier' },
            helpQuestion: 'Demo-hulpvraag in de woorden van het gezin.',
            themes: [],
            warmHandover: true,
            clientConsented: true,
            inCareWith: 'none',
            caseDirectionStaysWithReferrer: true,
            coachSafetyConcern: false,
            receivedAt: family.receivedDaysAgo ? new Date(Date.parse(this.now()) - family.receivedDaysAgo * 86_400_000).toISOString() : this.now(),
            careHistory,
            ...family.referral,
          },
        },
        this.context(),
      ),
    );
  }

  private async seed(family: DemoFamily): Promise<{ referralId: string; clientId: string; caseFileId?: string }> {
    const context = this.context();
    const children = family.children.map((person) => ({ clientId: this.ids.next(), person }));
    const familyMembers = (family.familyMembers ?? []).map((member) => ({ clientId: this.ids.next(), ...member }));
    const clientId = children[0].clientId;
    if (family.earlier) {
      // seed 000: the family was referred before and declined; this referral's check finds it.
      const earlierId = this.ids.next();
      await this.receive({ ...family, referral: { ...family.referral, route: 'self_referral' } }, earlierId, children, familyMembers);
      await this.commands.execute(new Referrals.Command(earlierId, { type: 'DeclineReferral', data: { reason: 'better_served_by_network', redirect: 'own_network', decidedAt: this.now() } }, context));
      const careHistory = this.modules.get(CareHistory, { strict: false });
      const found = async () => (await careHistory.check([{ ...children[0].person, bsn: children[0].person.bsn ?? null }])).some((match) => match.status === 'declined');
      await this.until(found, 'care_history_indexed');
    }
    const referralId = this.ids.next();
    const referral = (command: ReferralCommand) => this.commands.execute(new Referrals.Command(referralId, command, context));
    await this.receive(family, referralId, children, familyMembers);
    switch (family.decision) {
      case 'decline':
        await referral({ type: 'DeclineReferral', data: { reason: 'adult_only_question', redirect: 'adult_team', decidedAt: this.now() } });
        return { referralId, clientId };
      case 'agenda':
        await referral({ type: 'MarkForDiscussion', data: { markedAt: this.now() } });
        return { referralId, clientId };
      case 'in-doubt':
        await referral({ type: 'MarkInDoubt', data: { reason: 'eligibility_unclear', markedAt: this.now() } });
        return { referralId, clientId };
      default:
    }
    await referral({ type: 'AssessEligibility', data: { answers: { adds_value: true, voluntary_help_accepted: true }, assessedBy: 'coordinator-1', assessedAt: this.now() } });
    if (family.decision.startsWith('waitlist')) await referral({ type: 'WaitlistReferral', data: { decidedAt: this.now() } });
    if (family.decision === 'waitlist') return { referralId, clientId };
    if (family.decision === 'waitlist-then-accept') await referral({ type: 'RemoveFromWaitingList', data: { reason: 'capacity_available', decidedAt: this.now() } });
    // The case conference: coaches by expertise and capacity, then the decision.
    if (family.coaches)
      await referral({
        type: 'AssignCoaches',
        data: { coachIds: family.coaches, decidedBy: 'coordinator-1', conferenceDate: this.now().slice(0, 10), firstVisitWithinDays: this.intake.INTAKE_FIRST_VISIT_DAYS, decidedAt: this.now() },
      });
    const caseFileId = this.ids.next();
    await referral({ type: 'AcceptReferral', data: { caseFileId, decidedAt: this.now() } });
    await this.caseFileOpened(caseFileId);
    if (family.director)
      await this.commands.execute(
        new CaseFiles.Command(caseFileId, {
            type: 'AssignCaseDirector',
            // The demo team's coaches were registered in intake's directory above.
            data: { ...family.director, reason: 'case_conference', assignedAt: this.now(), membership: family.director.directorKind === 'coach' ? 'jeugdteam' : null },
          }, context),
      );
    for (const score of family.etm ?? [])
      await this.commands.execute(
        new SafetyAssessments.Command(
          caseFileId,
          {
            type: 'RecordEtmAssessment',
            // The demo states no reasons: a score as the first visit records it.
            data: { caseFileId, clientId, assessmentId: this.ids.next(), score, reasons: [], explanation: null, assessorId: family.director?.directorId ?? 'coach-noord-1', secondAssessorId: 'gedragswetenschapper-1', assessedAt: this.now(), safetyPlanDays: DEFAULT_SAFETY_PLAN_DAYS },
          },
          context,
        ),
      );
    if (family.casework) await this.modules.get(DemoCaseWorker, { strict: false }).run(caseFileId, family.casework, () => this.now(), context);
    if (family.safetywork) await this.modules.get(DemoSafetyWorker, { strict: false }).run(caseFileId, family.safetywork, () => this.now(), context);
    return { referralId, clientId, caseFileId };
  }
}
