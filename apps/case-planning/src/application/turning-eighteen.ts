import { addMonths } from '@wijkteam/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { ProjectionHost } from '@wijkteam/projections';
import type { CommandContext, Page } from '@wijkteam/runtime';
import { In } from 'typeorm';
import type { WarmHandoverStatus } from '../domain/transition';
import { TransitionWorklistFiles, TransitionWorklistYouths } from '../projections/transition-worklist.projection';
import { IntakeBirthdays } from './intake-birthdays';

/**
 * A youth on the 18-/18+ list. The month of the 18th birthday for everyone of the team; the day
 * only for the file's director and assigned coaches (who need it to plan); the birth date never.
 */
export interface TurningEighteenItem {
  caseFileId: string;
  clientId: string;
  /** YYYY-MM */
  eighteenMonth: string;
  /** YYYY-MM-DD for the file's director and coaches; null for the rest of the team. */
  eighteenOn: string | null;
  /** Whether the user is the file's director or one of its coaches. */
  onFile: boolean;
  questionRecorded: boolean;
  /** Not recorded, and the 18th birthday came: seed 004 asks it before. */
  questionOverdue: boolean;
  handoverStatus: WarmHandoverStatus;
}


/**
 * The team's 18-/18+ list (seed 004: the Jeugdteam starts before the 18th birthday): the youths of
 * the team's open case files whose 18th birthday falls within the horizon, and those already 18
 * whose transition question was never recorded (overdue). The files come from case planning's read
 * model; the birthdays are asked of intake at each read and never kept. Computed from the given
 * day (the clock), soonest birthday first, paged in memory (a team holds some hundreds of files).
 */
@Injectable()
export class TurningEighteen {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly birthdays: IntakeBirthdays,
  ) {}

  async list(user: AuthenticatedUser, query: { horizonMonths: number; page: number; pageSize: number }, today: string, context: CommandContext): Promise<Page<TurningEighteenItem>> {
    const db = this.projections.db.manager;
    const files = await db.findBy(TransitionWorklistFiles, { teamId: user.organisation, status: 'open' });
    const youths = files.length === 0 ? [] : await db.findBy(TransitionWorklistYouths, { caseFileId: In(files.map((f) => f.caseFileId)) });
    const youthRow = new Map(youths.map((y) => [`${y.caseFileId}/${y.clientId}`, y]));
    const children = files.flatMap((file) => (JSON.parse(file.childIds) as string[]).map((clientId) => ({ file, clientId })));
    const eighteenOn = await this.birthdays.eighteenOn(children.map((c) => c.clientId), context);
    const horizon = addMonths(today, query.horizonMonths);
    const items: (TurningEighteenItem & { sortOn: string })[] = [];
    for (const { file, clientId } of children) {
      const birthday = eighteenOn.get(clientId);
      if (!birthday) continue;
      const row = youthRow.get(`${file.caseFileId}/${clientId}`);
      const questionRecorded = Boolean(row?.questionRecorded);
      const turned = birthday <= today;
      const questionOverdue = turned && !questionRecorded;
      if (turned ? !questionOverdue : birthday > horizon) continue;
      const onFile = file.directorId === user.userId || (JSON.parse(file.coachIds) as string[]).includes(user.userId);
      items.push({
        caseFileId: file.caseFileId,
        clientId,
        eighteenMonth: birthday.slice(0, 7),
        eighteenOn: onFile ? birthday : null,
        onFile,
        questionRecorded,
        questionOverdue,
        handoverStatus: row?.handoverStatus ?? 'none',
        sortOn: birthday,
      });
    }
    items.sort((a, b) => a.sortOn.localeCompare(b.sortOn) || a.clientId.localeCompare(b.clientId));
    const start = (query.page - 1) * query.pageSize;
    return { items: items.slice(start, start + query.pageSize).map(({ sortOn: _sortOn, ...item }) => item), page: query.page, pageSize: query.pageSize, total: items.length };
  }
}
