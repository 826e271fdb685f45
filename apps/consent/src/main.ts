import { launch } from '@wijkteam/runtime';
import { ConsentModule } from './consent.module';

void launch({
  service: 'consent',
  title: 'Wijkteam consent',
  features: () => [ConsentModule],
  defaults: { EVENT_STORE_URL: 'sqlite:./data/consent.db', PORT: '3004' },
});
