import { DomainError } from '@wijkteam/contracts';

/**
 * The afwegingskader of the Meldcode (step 4): the questions a professional answers, with a
 * colleague, before deciding whether to report to Veilig Thuis and/or organise help. The list is
 * reference data a municipality configures (SAFETY_AFWEGINGSKADER_FILE, see
 * infra/safety/afwegingskader.json); the default is the five questions of the 2019 afwegingskader.
 * Only codes and yes/no answers are recorded; the Dutch texts are for the screen.
 */
export interface AfwegingskaderReference {
  /** Recorded with every weighing, so an answer stays readable after the list changes. */
  version: string;
  questions: readonly { code: string; text: string }[];
}

export type AfwegingskaderAnswers = Readonly<Record<string, boolean>>;

export const DEFAULT_AFWEGINGSKADER: AfwegingskaderReference = {
  version: 'afwegingskader-2019',
  questions: [
    { code: 'suspicion_of_violence', text: 'Is er op basis van de stappen 1 tot en met 3 een vermoeden van huiselijk geweld en/of kindermishandeling?' },
    { code: 'acute_or_structural_unsafety', text: 'Is er sprake van acute onveiligheid en/of structurele onveiligheid?' },
    { code: 'can_organise_help', text: 'Ben ik, gezien mijn deskundigheid en mijn handelingsmogelijkheden, in staat om effectieve hulp te bieden of te organiseren?' },
    { code: 'family_accepts_help', text: 'Aanvaarden de betrokkenen de hulp zoals ik die bied of organiseer en zijn zij bereid zich in te zetten?' },
    { code: 'help_leads_to_safety', text: 'Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten aanzien van de veiligheid?' },
  ],
};

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Checks a reference list read from configuration; the message names the entry at fault. */
export function parseAfwegingskader(input: unknown): AfwegingskaderReference {
  const fail = (at: string, problem: string): never => {
    throw new AfwegingskaderInvalid(`${at} ${problem}`);
  };
  if (typeof input !== 'object' || input === null) return fail('(file)', 'must be an object with version and questions');
  const { version, questions } = input as { version?: unknown; questions?: unknown };
  if (typeof version !== 'string' || !VERSION.test(version)) fail('version', 'must be a short version code');
  if (!Array.isArray(questions) || questions.length === 0 || questions.length > 20) return fail('questions', 'must list 1 to 20 questions');
  const seen = new Set<string>();
  const parsed = questions.map((question: unknown, index) => {
    const { code, text } = (question ?? {}) as { code?: unknown; text?: unknown };
    if (typeof code !== 'string' || !CODE.test(code)) fail(`questions.${index}.code`, 'must be a lower-case code');
    if (seen.has(code as string)) fail(`questions.${index}.code`, 'is listed twice');
    seen.add(code as string);
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > 300) fail(`questions.${index}.text`, 'must be a text of 1 to 300 characters');
    return { code: code as string, text: text as string };
  });
  return { version: version as string, questions: parsed };
}

export class AfwegingskaderInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AfwegingskaderInvalid';
  }
}

/** Every configured question answered yes or no, no other question; a 422 names `answers.<code>`. */
export function assertAfwegingskaderAnswers(answers: AfwegingskaderAnswers, reference: AfwegingskaderReference, field: string): void {
  const known = new Set(reference.questions.map((question) => question.code));
  for (const code of Object.keys(answers)) if (!known.has(code)) throw new DomainError('unknown_afwegingskader_question', 'unprocessable', `${field}.${code}`);
  for (const { code } of reference.questions) {
    const answer = answers[code];
    if (answer === undefined) throw new DomainError('afwegingskader_answer_missing', 'unprocessable', `${field}.${code}`);
    if (typeof answer !== 'boolean') throw new DomainError('afwegingskader_answer_not_boolean', 'unprocessable', `${field}.${code}`);
  }
}
