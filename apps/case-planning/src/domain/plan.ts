import { assertDate, dateOf, type Decider, DomainError, type DomainEvent, PLAN_CHANGES, PLAN_DUE_DAYS, PLAN_PERFORMER_KINDS, PLAN_REVISION_REASONS, planDueOf, streamOf } from '@wijkteam/contracts';

/**
 * The plan of approach (plan van aanpak, PVA) of a case file: one family, one plan (seed 003, 1G1P).
 * Seed 000: within 2-6 weeks of the referral, made together with the client "in the client's words",
 * with clear agreements on who does what, signed where needed; a 1G1P meeting when several
 * providers are involved; adjusted where needed, and every adjustment agreed again.
 *
 * The goals and the actions' "what" are the client's own words: personal data, sealed in `texts`
 * under the referred child's key (libs/contracts PERSONAL_DATA). Everything else is ids, codes and
 * dates.
 */
export { PLAN_CHANGES, PLAN_PERFORMER_KINDS, PLAN_REVISION_REASONS };
export type PlanChange = (typeof PLAN_CHANGES)[number];
export type PlanRevisionReason = (typeof PLAN_REVISION_REASONS)[number];

/** Who does it: the family (one of its clients), or someone of the network or a professional provider by party code. */
export type Performer = { kind: 'family'; clientId: string } | { kind: 'network' | 'professional'; partyCode: string };

/** A goal as written in a command, with the actions towards it. */
export interface GoalInput {
  goalId: string;
  text: string;
  actions: { actionId: string; performer: Performer; what: string; dueOn: string }[];
}

export type PlanGoal = {
  goalId: string;
};
export type PlanAction = {
  actionId: string;
  goalId: string;
  performer: Performer;
  dueOn: string;
};
/** The client's words, by goal id and action id: the one sealed field. */
export type PlanTexts = {
  goals: Record<string, string>;
  actions: Record<string, string>;
};

/** What the handler knows of the case file: the plan's clock and the family the plan is for. */
export interface PlanFile {
  caseFileId: string;
  clientId: string;
  /** The family's client ids (children and family members): who may agree and perform as family. */
  familyIds: string[];
  referredAt: string;
}

export type PlanCommand =
  | { type: 'DraftPlan'; data: { file: PlanFile; goals: GoalInput[]; draftedBy: string; draftedAt: string } }
  | {
      type: 'AgreePlan';
      data: {
        file: PlanFile;
        version: number;
        agreedBy: string[];
        agreedOn: string;
        signedDocumentId: string | null;
        oneFamilyOnePlanMeetingOn: string | null;
        agreedAt: string;
      };
    }
  | { type: 'RevisePlan'; data: { file: PlanFile; goals: GoalInput[]; reason: PlanRevisionReason; revisedBy: string; revisedAt: string } };

type Content = { goals: PlanGoal[]; actions: PlanAction[]; texts: PlanTexts };
type Ids = { caseFileId: string; clientId: string; version: number };

export type PlanEvent =
  | DomainEvent<'PlanDrafted', Ids & Content & { due: string; draftedBy: string; draftedAt: string }>
  | DomainEvent<
      'PlanAgreed',
      Ids & {
        goalIds: string[];
        actionCount: number;
        performers: Performer[];
        agreedBy: string[];
        agreedOn: string;
        signedDocumentId: string | null;
        oneFamilyOnePlanMeetingOn: string | null;
        /** The first version only: agreed within 6 weeks of the referral (seed 000)? null for a revision. */
        due: string | null;
        onTime: boolean | null;
        agreedAt: string;
      }
    >
  | DomainEvent<'PlanRevised', Ids & Content & { previousVersion: number; changes: PlanChange[]; reason: PlanRevisionReason; revisedBy: string; revisedAt: string }>;

/** One version of the plan as the history lists it: no texts. */
export interface PlanVersionSummary {
  version: number;
  status: 'draft' | 'agreed';
  at: string;
  changes: PlanChange[];
  reason: PlanRevisionReason | null;
  agreedOn: string | null;
  agreedBy: string[];
}

export interface PlanState {
  status: 'none' | 'draft' | 'agreed';
  caseFileId?: string;
  clientId?: string;
  version: number;
  goals: PlanGoal[];
  actions: PlanAction[];
  texts?: PlanTexts;
  /** seed 000: the first plan within 6 weeks of the referral (YYYY-MM-DD). */
  due?: string;
  /** When the first version was agreed; a later revision awaiting agreement does not make the plan overdue. */
  firstAgreedOn?: string;
  /** The goal ids of the last agreed version: what an evaluation evaluates. */
  agreedGoalIds: string[];
  agreedVersion: number | null;
  history: PlanVersionSummary[];
}

/** seed 000: the plan of approach "binnen 2-6 weken" after the referral; overdue after the upper bound (shared with reporting). */
export { PLAN_DUE_DAYS, planDueOf };

const MAX_TEXT = 2000;
const PARTY_CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: () => ({ status: 'none', version: 0, goals: [], actions: [], agreedGoalIds: [], agreedVersion: null, history: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'DraftPlan': {
        // A draft may be redone until the client agrees; after that, changes are revisions.
        if (state.status === 'agreed') throw new DomainError('plan_agreed_revise_instead');
        const { file, goals, draftedBy, draftedAt } = command.data;
        const content = contentOf(goals, file);
        const version = state.status === 'none' ? 1 : state.version;
        return [{ type: 'PlanDrafted', data: { caseFileId: file.caseFileId, clientId: file.clientId, version, ...content, due: planDueOf(file.referredAt), draftedBy, draftedAt } }];
      }
      case 'AgreePlan': {
        if (state.status === 'none') throw new DomainError('plan_not_found', 'not_found');
        const { file, version, agreedBy, agreedOn, signedDocumentId, oneFamilyOnePlanMeetingOn, agreedAt } = command.data;
        if (version !== state.version) throw new DomainError('plan_version_not_current', 'unprocessable', 'version');
        if (state.status === 'agreed') throw new DomainError('plan_already_agreed');
        if (agreedBy.length === 0) throw new DomainError('agreement_by_client_required', 'unprocessable', 'agreedBy');
        agreedBy.forEach((id, index) => {
          if (!file.familyIds.includes(id)) throw new DomainError('not_of_the_family', 'unprocessable', `agreedBy.${index}`);
        });
        assertDate(agreedOn, 'agreedOn');
        if (agreedOn > dateOf(agreedAt)) throw new DomainError('agreed_in_future', 'unprocessable', 'agreedOn');
        // seed 003 (1G1P): with two or more professional providers, one meeting of all involved agrees the one plan.
        const providers = new Set(state.actions.flatMap((action) => (action.performer.kind === 'professional' ? [action.performer.partyCode] : [])));
        if (providers.size >= 2 && oneFamilyOnePlanMeetingOn === null) throw new DomainError('one_family_one_plan_meeting_required', 'unprocessable', 'oneFamilyOnePlanMeetingOn');
        if (oneFamilyOnePlanMeetingOn !== null) assertDate(oneFamilyOnePlanMeetingOn, 'oneFamilyOnePlanMeetingOn');
        const first = state.firstAgreedOn === undefined;
        const due = first ? (state.due ?? planDueOf(file.referredAt)) : null;
        return [
          {
            type: 'PlanAgreed',
            data: {
              caseFileId: file.caseFileId,
              clientId: file.clientId,
              version,
              goalIds: state.goals.map((goal) => goal.goalId),
              actionCount: state.actions.length,
              performers: distinctPerformers(state.actions),
              agreedBy: [...new Set(agreedBy)],
              agreedOn,
              signedDocumentId,
              oneFamilyOnePlanMeetingOn,
              due,
              onTime: due === null ? null : agreedOn <= due,
              agreedAt,
            },
          },
        ];
      }
      case 'RevisePlan': {
        if (state.status === 'none') throw new DomainError('plan_not_found', 'not_found');
        // A draft is redone (DraftPlan); only an agreed plan is revised, and agreed again.
        if (state.status !== 'agreed' || !state.texts) throw new DomainError('plan_not_agreed');
        const { file, goals, reason, revisedBy, revisedAt } = command.data;
        if (!(PLAN_REVISION_REASONS as readonly string[]).includes(reason)) throw new DomainError('unknown_revision_reason', 'unprocessable', 'reason');
        const content = contentOf(goals, file);
        const changes = changesBetween({ goals: state.goals, actions: state.actions, texts: state.texts }, content);
        if (changes.length === 0) throw new DomainError('plan_unchanged', 'unprocessable', 'goals');
        return [
          {
            type: 'PlanRevised',
            data: { caseFileId: file.caseFileId, clientId: file.clientId, version: state.version + 1, previousVersion: state.version, ...content, changes, reason, revisedBy, revisedAt },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PlanDrafted': {
        const { caseFileId, clientId, version, goals, actions, texts, due, draftedAt } = event.data;
        const summary: PlanVersionSummary = { version, status: 'draft', at: draftedAt, changes: [], reason: null, agreedOn: null, agreedBy: [] };
        return { ...state, status: 'draft', caseFileId, clientId, version, goals, actions, texts, due, history: [...state.history.filter((entry) => entry.version !== version), summary] };
      }
      case 'PlanAgreed': {
        const { version, agreedOn, agreedBy } = event.data;
        const history = state.history.map((entry) => (entry.version === version ? { ...entry, status: 'agreed' as const, agreedOn, agreedBy } : entry));
        return { ...state, status: 'agreed', firstAgreedOn: state.firstAgreedOn ?? agreedOn, agreedGoalIds: state.goals.map((goal) => goal.goalId), agreedVersion: version, history };
      }
      case 'PlanRevised': {
        const { version, goals, actions, texts, changes, reason, revisedAt } = event.data;
        const summary: PlanVersionSummary = { version, status: 'draft', at: revisedAt, changes, reason, agreedOn: null, agreedBy: [] };
        return { ...state, status: 'draft', version, goals, actions, texts, history: [...state.history, summary] };
      }
    }
  },
};

/** Checks a plan as written and splits it into its facts (ids, codes, dates) and the client's words. */
function contentOf(input: GoalInput[], file: PlanFile): Content {
  if (input.length === 0) throw new DomainError('plan_needs_a_goal', 'unprocessable', 'goals');
  const goals: PlanGoal[] = [];
  const actions: PlanAction[] = [];
  const texts: PlanTexts = { goals: {}, actions: {} };
  const seen = new Set<string>();
  const unique = (id: string, field: string) => {
    if (seen.has(id)) throw new DomainError('duplicate_id', 'unprocessable', field);
    seen.add(id);
  };
  input.forEach((goal, g) => {
    unique(goal.goalId, `goals.${g}.goalId`);
    texts.goals[goal.goalId] = text(goal.text, `goals.${g}.text`);
    goals.push({ goalId: goal.goalId });
    goal.actions.forEach((action, a) => {
      const at = `goals.${g}.actions.${a}`;
      unique(action.actionId, `${at}.actionId`);
      texts.actions[action.actionId] = text(action.what, `${at}.what`);
      assertDate(action.dueOn, `${at}.dueOn`);
      actions.push({ actionId: action.actionId, goalId: goal.goalId, performer: performer(action.performer, file, `${at}.performer`), dueOn: action.dueOn });
    });
  });
  return { goals, actions, texts };
}

function text(value: string, field: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT) throw new DomainError('text_required', 'unprocessable', field);
  return trimmed;
}

function performer(value: Performer, file: PlanFile, field: string): Performer {
  if (!(PLAN_PERFORMER_KINDS as readonly string[]).includes(value.kind)) throw new DomainError('unknown_performer_kind', 'unprocessable', `${field}.kind`);
  if (value.kind === 'family') {
    if (!file.familyIds.includes(value.clientId)) throw new DomainError('not_of_the_family', 'unprocessable', `${field}.clientId`);
    return { kind: 'family', clientId: value.clientId };
  }
  if (!PARTY_CODE.test(value.partyCode)) throw new DomainError('invalid_party_code', 'unprocessable', `${field}.partyCode`);
  return { kind: value.kind, partyCode: value.partyCode };
}

const performerKey = (p: Performer): string => (p.kind === 'family' ? `family:${p.clientId}` : `${p.kind}:${p.partyCode}`);

function distinctPerformers(actions: PlanAction[]): Performer[] {
  const byKey = new Map(actions.map((action) => [performerKey(action.performer), action.performer]));
  return [...byKey.values()];
}

/** What a revision changed, as codes, in the order of PLAN_CHANGES. */
export function changesBetween(before: Content, after: Content): PlanChange[] {
  const changes = new Set<PlanChange>();
  const goalIds = (content: Content) => new Set(content.goals.map((goal) => goal.goalId));
  const [beforeGoals, afterGoals] = [goalIds(before), goalIds(after)];
  for (const id of afterGoals) {
    if (!beforeGoals.has(id)) changes.add('goals_added');
    else if (before.texts.goals[id] !== after.texts.goals[id]) changes.add('goals_changed');
  }
  for (const id of beforeGoals) if (!afterGoals.has(id)) changes.add('goals_removed');
  const actionsOf = (content: Content) => new Map(content.actions.map((action) => [action.actionId, action]));
  const [beforeActions, afterActions] = [actionsOf(before), actionsOf(after)];
  for (const [id, action] of afterActions) {
    const previous = beforeActions.get(id);
    if (!previous) changes.add('actions_added');
    else if (
      previous.goalId !== action.goalId ||
      previous.dueOn !== action.dueOn ||
      performerKey(previous.performer) !== performerKey(action.performer) ||
      before.texts.actions[id] !== after.texts.actions[id]
    )
      changes.add('actions_changed');
  }
  for (const id of beforeActions.keys()) if (!afterActions.has(id)) changes.add('actions_removed');
  return PLAN_CHANGES.filter((change) => changes.has(change));
}

/** `casePlanning.plan-<caseFileId>` */
export const planStream = streamOf('case-planning', 'plan');
