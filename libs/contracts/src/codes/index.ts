export * from './intake.codes';
export * from './case-planning.codes';
export * from './consent.codes';
export * from './roles.codes';
export * from './case-planning-plan.codes';
export * from './case-planning-transition.codes';
export * from './case-planning-network.codes';
export * from './safety-assessment.codes';
