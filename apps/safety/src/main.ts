import { launch } from '@wijkteam/runtime';
import { SafetyModule } from './safety.module';

void launch({
  service: 'safety',
  title: 'Wijkteam safety',
  features: () => [SafetyModule],
  defaults: { EVENT_STORE_URL: 'sqlite:./data/safety.db', PORT: '3003' },
});
