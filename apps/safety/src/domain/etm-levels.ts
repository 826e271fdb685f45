/**
 * What each ETM level (ernsttaxatiemodel, 1-5) means, as the team shows it to its professionals when
 * they assess (seed 000: "Werken met het Ernst Taxatie Model"). Reference data a municipality
 * configures (SAFETY_ETM_LEVELS_FILE, see infra/safety/etm-levels.json), never published: the
 * public events carry the number only. The default is the list shipped in that file.
 */
export interface EtmLevels {
  /** Which wording was shown, so a changed list stays traceable. */
  version: string;
  levels: readonly { level: number; label: string; description: string }[];
}

export const DEFAULT_ETM_LEVELS: EtmLevels = {
  version: 'etm-wijkteam-1',
  levels: [
    { level: 1, label: 'Geen zorgen', description: 'Opvoeding en ontwikkeling verlopen zonder zorgen; het gezin redt zich met de eigen omgeving.' },
    { level: 2, label: 'Lichte zorgen', description: 'Er zijn lichte zorgen over opvoeding of ontwikkeling; advies of kortdurende ondersteuning is voldoende.' },
    { level: 3, label: 'Zorgen', description: 'Er zijn zorgen over opvoeding of ontwikkeling die niet vanzelf verdwijnen; ondersteuning door het wijkteam is nodig.' },
    { level: 4, label: 'Ernstige zorgen', description: 'De ontwikkeling van het kind wordt bedreigd; intensieve hulp en afspraken over veiligheid zijn nodig.' },
    {
      level: 5,
      label: 'Acute onveiligheid',
      description: 'De veiligheid van het kind is direct in gevaar; een veiligheidsplan is nodig en inzet of advies van het Crisis Interventie Team wordt overwogen.',
    },
  ],
};

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Checks a list read from configuration: exactly the levels 1 to 5, in order; the message names the entry at fault. */
export function parseEtmLevels(input: unknown): EtmLevels {
  const fail = (at: string, problem: string): never => {
    throw new EtmLevelsInvalid(`${at} ${problem}`);
  };
  if (typeof input !== 'object' || input === null) return fail('(file)', 'must be an object with version and levels');
  const { version, levels } = input as { version?: unknown; levels?: unknown };
  if (typeof version !== 'string' || !VERSION.test(version)) fail('version', 'must be a short version code');
  if (!Array.isArray(levels) || levels.length !== 5) return fail('levels', 'must list the levels 1 to 5');
  const parsed = levels.map((entry: unknown, index) => {
    const { level, label, description } = (entry ?? {}) as { level?: unknown; label?: unknown; description?: unknown };
    if (level !== index + 1) fail(`levels.${index}.level`, `must be ${index + 1}`);
    if (typeof label !== 'string' || label.trim().length === 0 || label.length > 80) fail(`levels.${index}.label`, 'must be a text of 1 to 80 characters');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 1000) fail(`levels.${index}.description`, 'must be a text of 1 to 1000 characters');
    return { level: level as number, label: label as string, description: description as string };
  });
  return { version: version as string, levels: parsed };
}

export class EtmLevelsInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EtmLevelsInvalid';
  }
}
