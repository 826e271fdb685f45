import { ConsentSettings } from './consent.settings';

describe("consent's settings", () => {
  it('default to 20 years of retention and a one-minute expiry round', () => {
    expect(ConsentSettings.load({})).toEqual({ RETENTION_YEARS: 20, CONSENT_EXPIRY_INTERVAL_MS: 60_000 });
  });

  it('never keep files shorter than the law requires (Jeugdwet art. 7.3.8)', () => {
    expect(() => ConsentSettings.load({ RETENTION_YEARS: '19' })).toThrow(/^Configuration error: RETENTION_YEARS must be at least 20/);
    expect(ConsentSettings.load({ RETENTION_YEARS: '25' }).RETENTION_YEARS).toBe(25);
  });
});
