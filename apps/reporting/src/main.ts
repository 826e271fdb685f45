import { launch } from '@wijkteam/runtime';
import { ReportingModule } from './reporting.module';

void launch({
  service: 'reporting',
  title: 'Wijkteam reporting',
  features: () => [ReportingModule],
  defaults: { EVENT_STORE_URL: 'sqlite:./data/reporting.db', PORT: '3005' },
});
