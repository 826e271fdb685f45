import { launch } from '@wijkteam/runtime';
import { PlatformModule } from './platform.module';

void launch({
  service: 'platform',
  title: 'Wijkteam Jeugd & Gezin (embedded)',
  features: () => [PlatformModule],
  defaults: { NODE_ENV: 'development', EVENT_STORE_URL: 'sqlite:./data/events.db', TRANSPORT: 'in-process', PORT: '3000', DEMO_DATA: 'true' },
});
