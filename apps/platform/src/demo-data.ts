import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CaseFiles } from '@wijkteam/case-planning';
import { DomainError } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { type ReferralCommand, Referrals } from '@wijkteam/intake';
import { Clock, type CommandContext, IdGenerator } from '@wijkteam/runtime';
import { PlatformSettings } from './platform.settings';
import { SafetyAssessments } from '@wijkteam/safety';

/** The demo users' team (libs/auth demo users): its coaches see the demo referrals. */
const DEMO_TEAM = 'wijkteam-noord';

type ReceiveData = Extract<ReferralCommand, { type: 'ReceiveReferral' }>['data'];

interface DemoFamily {
  label: string;
  /** Fictional; encrypted with the client's own key like any personal data. */
  client: { name: string; birthDate: string };
  referral: Pick<ReceiveData, 'channel' | 'route' | 'etmIndication' | 'intellectualDisability'> & Partial<ReceiveData>;
  decision: 'accept' | 'decline' | 'waitlist' | 'waitlist-then-accept';
  director?: { directorId: string; directorKind: 'coach' | 'certified_institution' | 'gosa' };
  etm?: number[];
}

// A handful of fictional families at different stages. Names and birth dates are encrypted per
// client before they are stored, and never logged.
const FAMILIES: DemoFamily[] = [
  { label: 'jgz-accepted', client: { name: 'Sanne de Vries', birthDate: '2014-05-12' }, referral: { channel: 'partner_form', route: 'jgz', etmIndication: 3, intellectualDisability: false }, decision: 'accept', director: { directorId: 'coach-noord-1', directorKind: 'coach' }, etm: [3] },
  { label: 'veilig-thuis-urgent', client: { name: 'Daan Bakker', birthDate: '2019-09-30' }, referral: { channel: 'phone', route: 'veilig_thuis', etmIndication: 5, intellectualDisability: false }, decision: 'waitlist-then-accept', director: { directorId: 'coach-noord-2', directorKind: 'coach' }, etm: [4, 5] },
  { label: 'self-referral-declined', client: { name: 'Noah Jansen', birthDate: '2007-01-18' }, referral: { channel: 'desk', route: 'self_referral', etmIndication: null, intellectualDisability: false }, decision: 'decline' },
  { label: 'network-waitlisted', client: { name: 'Lotte Visser', birthDate: '2012-11-03' }, referral: { channel: 'mail', route: 'neighbourhood_network', etmIndication: 4, intellectualDisability: false }, decision: 'waitlist' },
  { label: 'gi-dwang-drang', client: { name: 'Milan de Boer', birthDate: '2010-06-21' }, referral: { channel: 'partner_form', route: 'certified_institution', etmIndication: 4, intellectualDisability: false }, decision: 'accept', director: { directorId: 'gi-jeugdbescherming-west', directorKind: 'certified_institution' } },
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
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.DEMO_DATA) return;
    this.done = this.seedAll().catch((error: unknown) => {
      this.logger.error({ errorType: error instanceof Error ? error.name : typeof error }, 'demo data failed');
    });
  }

  private async seedAll(): Promise<void> {
    if ((await this.store.headPosition()) > 0n) return; // not the first start
    for (const family of FAMILIES) {
      // No endpoint lists referrals yet: this line is how a user finds the demo ids (ids and codes only).
      const ids = await this.seed(family);
      this.logger.log({ family: family.label, ...ids }, 'demo family created');
    }
    this.logger.log({ families: FAMILIES.length }, 'demo data created');
  }

  /** The case file is opened by case-planning's reactor, asynchronously: wait until it is there. */
  private async caseFileOpened(caseFileId: string): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      try {
        await this.queries.execute(new CaseFiles.Query(caseFileId));
        return;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error('case file was not opened in time');
  }

  private async seed(family: DemoFamily): Promise<{ referralId: string; clientId: string; caseFileId?: string }> {
    const context: CommandContext = {
      actor: { userId: 'coordinator-1', role: 'team-coordinator', organisation: DEMO_TEAM },
      correlationId: this.ids.next(),
      purpose: 'demo-data',
    };
    const now = () => this.clock.now().toISOString();
    const referralId = this.ids.next();
    const clientId = this.ids.next();
    const referral = (command: ReferralCommand) => this.commands.execute(new Referrals.Command(referralId, command, context));
    await referral({
      type: 'ReceiveReferral',
      data: {
        referralId,
        clientId,
        teamId: DEMO_TEAM,
        deEscalationFrom: null,
        children: [{ clientId, person: { ...family.client, bsn: null } }],
        familyMembers: [],
        referrer: { organisation: 'Demo-verwijzer', role: 'jeugdverpleegkundige', contact: 'via het demo-formulier' },
        helpQuestion: 'Demo-hulpvraag in de woorden van het gezin.',
        themes: [],
        warmHandover: true,
        clientConsented: true,
        inCareWith: 'none',
        caseDirectionStaysWithReferrer: true,
        coachSafetyConcern: false,
        receivedAt: now(),
        careHistory: [],
        ...family.referral,
      },
    });
    if (family.decision !== 'decline')
      await referral({ type: 'AssessEligibility', data: { answers: { adds_value: true, voluntary_help_accepted: true }, assessedBy: 'coordinator-1', assessedAt: now() } });
    if (family.decision === 'decline') {
      await referral({ type: 'DeclineReferral', data: { reason: 'adult_only_question', redirect: 'adult_team', decidedAt: now() } });
      return { referralId, clientId };
    }
    if (family.decision.startsWith('waitlist')) await referral({ type: 'WaitlistReferral', data: { decidedAt: now() } });
    if (family.decision === 'waitlist') return { referralId, clientId };
    const caseFileId = this.ids.next();
    await referral({ type: 'AcceptReferral', data: { caseFileId, decidedAt: now() } });
    await this.caseFileOpened(caseFileId);
    if (family.director)
      await this.commands.execute(
        new CaseFiles.Command(caseFileId, { type: 'AssignCaseDirector', data: { ...family.director, reason: 'case_conference', assignedAt: now() } }, context),
      );
    for (const score of family.etm ?? [])
      await this.commands.execute(
        new SafetyAssessments.Command(
          caseFileId,
          { type: 'RecordEtmAssessment', data: { caseFileId, clientId, assessmentId: this.ids.next(), score, assessorId: family.director?.directorId ?? 'coach-noord-1', secondAssessorId: 'gedragswetenschapper-1', assessedAt: now() } },
          context,
        ),
      );
    return { referralId, clientId, caseFileId };
  }
}
