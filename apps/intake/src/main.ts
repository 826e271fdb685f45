import { launch } from '@wijkteam/runtime';
import { IntakeModule } from './intake.module';

void launch({
  service: 'intake',
  title: 'Wijkteam intake',
  features: () => [IntakeModule],
  defaults: { EVENT_STORE_URL: 'sqlite:./data/intake.db', PORT: '3001' },
});
