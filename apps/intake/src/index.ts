export * from './intake.module';
export * from './domain/referral';
export * from './application/referrals';
export * from './intake.gateway';
export * from './application/care-history';
