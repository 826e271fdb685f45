import type { AuthenticatedUser } from '../authenticated-user';
import type { Role } from '../roles';

/** A development user: ids and Dutch job descriptions only, never a person's name. */
export interface DemoUser extends AuthenticatedUser {
  description: string;
}

const users: DemoUser[] = [
  {
    userId: 'front-office-1',
    roles: ['front-office'],
    team: 'jeugdteam',
    organisation: 'wijkteam-noord',
    description: 'Medewerker frontoffice (aanmeldingen), team Noord',
  },
  {
    userId: 'coach-noord-1',
    roles: ['coach'],
    team: 'jeugdteam',
    organisation: 'wijkteam-noord',
    description: 'Jeugd- en gezinscoach, team Noord',
  },
  {
    userId: 'coach-noord-2',
    roles: ['coach'],
    team: 'jeugdteam',
    organisation: 'wijkteam-noord',
    description: 'Jeugd- en gezinscoach, team Noord',
  },
  {
    userId: 'coach-zuid-1',
    roles: ['coach'],
    team: 'jeugdteam',
    organisation: 'wijkteam-zuid',
    description: 'Jeugd- en gezinscoach, team Zuid',
  },
  {
    userId: 'gedragswetenschapper-1',
    roles: ['behavioural-scientist'],
    team: 'jeugdteam',
    organisation: 'wijkteam-noord',
    description: 'Gedragswetenschapper, teams Noord en Zuid',
  },
  {
    userId: 'coordinator-1',
    roles: ['team-coordinator'],
    team: 'jeugdteam',
    organisation: 'wijkteam-noord',
    description: 'CJG-coördinator, team Noord',
  },
  {
    userId: 'auditor-1',
    roles: ['auditor'],
    team: 'jeugdteam',
    organisation: 'gemeente',
    description: 'Auditor kwaliteit en privacy, gemeente',
  },
  {
    userId: 'privacy-officer-1',
    roles: ['privacy-officer'],
    team: 'jeugdteam',
    organisation: 'gemeente',
    description: 'Privacy officer (cliëntrechten, bewaartermijnen), gemeente',
  },
  {
    userId: 'volwassenenteam-1',
    roles: ['adult-team'],
    team: 'volwassenenteam',
    organisation: 'wijkteam-noord',
    description: 'Professional volwassenenteam, team Noord',
  },
  {
    userId: 'partner-jgz-1',
    roles: ['partner'],
    team: 'partner',
    organisation: 'jgz',
    description: 'Ketenpartner jeugdgezondheidszorg (JGZ)',
  },
];

/**
 * At least one user per role, for the development issuer, demo data and tests. Frozen deeply:
 * everyone shares these objects, and a mutation in one test would leak into the next.
 */
export const DEMO_USERS: readonly DemoUser[] = Object.freeze(
  users.map((user) => Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as Role[] })),
);

export const DEMO_USER_IDS: readonly string[] = DEMO_USERS.map((user) => user.userId);

export function findDemoUser(userId: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.userId === userId);
}
