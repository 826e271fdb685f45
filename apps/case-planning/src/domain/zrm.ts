import { DomainError } from '@wijkteam/contracts';

/**
 * The self-sufficiency matrix (ZRM): a score of 1 (acute problems) to 5 (fully self-sufficient) per
 * life domain (seed 000: ZRM at the first visit, rescored at every evaluation). The list of domains
 * is reference data a municipality configures (CASE_PLANNING_ZRM_FILE, see
 * infra/case-planning/zrm-domains.json); the default is the thirteen domains of the ZRM 2017.
 */
export interface ZrmReference {
  /** Recorded with every score, so a score stays readable after the list changes. */
  version: string;
  domains: readonly { code: string; label: string }[];
}

export type ZrmScores = Readonly<Record<string, number>>;

export const DEFAULT_ZRM_REFERENCE: ZrmReference = {
  version: 'zrm-2017',
  domains: [
    { code: 'financien', label: 'Financiën' },
    { code: 'dagbesteding', label: 'Werk en opleiding' },
    { code: 'tijdsbesteding', label: 'Tijdsbesteding' },
    { code: 'huisvesting', label: 'Huisvesting' },
    { code: 'huiselijke_relaties', label: 'Huiselijke relaties' },
    { code: 'geestelijke_gezondheid', label: 'Geestelijke gezondheid' },
    { code: 'lichamelijke_gezondheid', label: 'Lichamelijke gezondheid' },
    { code: 'middelengebruik', label: 'Middelengebruik' },
    { code: 'basale_adl', label: 'Basale ADL' },
    { code: 'instrumentele_adl', label: 'Instrumentele ADL' },
    { code: 'sociaal_netwerk', label: 'Sociaal netwerk' },
    { code: 'maatschappelijke_participatie', label: 'Maatschappelijke participatie' },
    { code: 'justitie', label: 'Justitie' },
  ],
};

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Checks a reference list read from configuration; the message names the entry at fault. */
export function parseZrmReference(input: unknown): ZrmReference {
  const fail = (at: string, problem: string): never => {
    throw new ZrmReferenceInvalid(`${at} ${problem}`);
  };
  if (typeof input !== 'object' || input === null) return fail('(file)', 'must be an object with version and domains');
  const { version, domains } = input as { version?: unknown; domains?: unknown };
  if (typeof version !== 'string' || !VERSION.test(version)) fail('version', 'must be a short version code');
  if (!Array.isArray(domains) || domains.length === 0 || domains.length > 30) return fail('domains', 'must list 1 to 30 life domains');
  const seen = new Set<string>();
  const parsed = domains.map((domain: unknown, index) => {
    const { code, label } = (domain ?? {}) as { code?: unknown; label?: unknown };
    if (typeof code !== 'string' || !CODE.test(code)) fail(`domains.${index}.code`, 'must be a lower-case code');
    if (seen.has(code as string)) fail(`domains.${index}.code`, 'is listed twice');
    seen.add(code as string);
    if (typeof label !== 'string' || label.trim().length === 0 || label.length > 80) fail(`domains.${index}.label`, 'must be a text of 1 to 80 characters');
    return { code: code as string, label: label as string };
  });
  return { version: version as string, domains: parsed };
}

export class ZrmReferenceInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZrmReferenceInvalid';
  }
}

/**
 * A scoring is complete: every configured domain scored 1-5, no other domain. `field` names where
 * the scores sit in the command (e.g. `zrm`), so a 422 points at `zrm.financien`.
 */
export function assertZrmScores(scores: ZrmScores, reference: ZrmReference, field: string): void {
  const known = new Set(reference.domains.map((domain) => domain.code));
  for (const code of Object.keys(scores)) if (!known.has(code)) throw new DomainError('unknown_zrm_domain', 'unprocessable', `${field}.${code}`);
  for (const { code } of reference.domains) {
    const score = scores[code];
    if (score === undefined) throw new DomainError('zrm_score_missing', 'unprocessable', `${field}.${code}`);
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('zrm_score_out_of_range', 'unprocessable', `${field}.${code}`);
  }
}
