export * from './intake.module';
export * from './domain/referral';
export * from './application/referrals';
export * from './intake.gateway';
export * from './application/care-history';
export * from './application/match-keys';
export * from './projections/care-history.projection';
export * from './projections/case-file-status.projection';
