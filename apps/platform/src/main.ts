import { launch } from '@wijkteam/runtime';
import { PLATFORM_DEFAULTS } from './platform.defaults';
import { PlatformModule } from './platform.module';

void launch({
  service: 'platform',
  title: 'Wijkteam Jeugd & Gezin (embedded)',
  features: () => [PlatformModule],
  defaults: PLATFORM_DEFAULTS,
});
