import { consumerName, deadLetterSubject, InvalidSubjectToken, subjectMatches } from './subjects';

describe('subjects', () => {
  it('name dead letters after the consumer, inside the stream', () => {
    expect(deadLetterSubject('reporting__consent_ConsentGranted')).toBe('jeugd.dlq.reporting__consent_ConsentGranted');
    expect(() => deadLetterSubject('reporting.x')).toThrow(InvalidSubjectToken);
  });

  it.each([
    ['jeugd.consent.ConsentGranted', 'jeugd.consent.ConsentGranted', true],
    ['jeugd.consent.*', 'jeugd.consent.ConsentGranted', true],
    ['jeugd.*.ConsentGranted', 'jeugd.consent.ConsentGranted', true],
    ['jeugd.>', 'jeugd.consent.ConsentGranted', true],
    ['jeugd.consent.>', 'jeugd.consent', false],
    ['jeugd.consent.*', 'jeugd.consent.ConsentGranted.v2', false],
    ['jeugd.consent.ConsentGranted', 'jeugd.consent.ConsentWithdrawn', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });

  it('name a durable consumer per service and pattern, stable and free of wildcards', () => {
    expect(consumerName('reporting', 'jeugd.consent.ConsentGranted')).toBe('reporting__consent_ConsentGranted');
    expect(consumerName('reporting', 'jeugd.intake.*')).toBe('reporting__intake_any');
    expect(consumerName('reporting', 'jeugd.>')).toBe('reporting__all');
    expect(consumerName('consent', 'jeugd.case-planning.*', 'consent_retention_v2')).toBe('consent__case-planning_any__consent_retention_v2');
    expect(() => consumerName('consent', 'jeugd.case-planning.*', 'Retention v2')).toThrow(InvalidSubjectToken);
    expect(() => consumerName('reporting', 'consent.ConsentGranted')).toThrow(InvalidSubjectToken);
    expect(() => consumerName('reporting', 'jeugd.>.x')).toThrow(InvalidSubjectToken);
  });
});
