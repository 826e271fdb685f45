import { Logger } from '@nestjs/common';

// Quiet by default: the fault tests provoke warnings on purpose. DEBUG_MESSAGING=1 shows them.
if (!process.env.DEBUG_MESSAGING) Logger.overrideLogger(false);
