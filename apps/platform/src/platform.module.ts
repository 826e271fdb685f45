import { Module } from '@nestjs/common';
import { CasePlanningModule } from '@wijkteam/case-planning';
import { ConsentModule } from '@wijkteam/consent';
import { IntakeModule } from '@wijkteam/intake';
import { ReportingModule } from '@wijkteam/reporting';
import { SafetyModule } from '@wijkteam/safety';
import { DemoActors } from './demo-actors';
import { DemoCaseWorker } from './demo-case-work';
import { DemoDataSeeder } from './demo-data';
import { DemoSafetyWorker } from './demo-safety-work';
import { PlatformSettings } from './platform.settings';

/** All five services in one process: the embedded default behind `npm start`. */
@Module({
  imports: [IntakeModule, CasePlanningModule, SafetyModule, ConsentModule, ReportingModule],
  providers: [PlatformSettings.provider, DemoActors, DemoDataSeeder, DemoCaseWorker, DemoSafetyWorker],
})
export class PlatformModule {}
