export * from './reporting.module';
export { verifyHistory, type Verification } from './application/seal-verifier';
