import { launch } from '@wijkteam/runtime';
import { CasePlanningModule } from './case-planning.module';

void launch({
  service: 'case-planning',
  title: 'Wijkteam case planning',
  features: () => [CasePlanningModule],
  defaults: { EVENT_STORE_URL: 'sqlite:./data/case-planning.db', PORT: '3002' },
});
