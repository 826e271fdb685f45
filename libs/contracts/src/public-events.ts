/**
 * The public event catalogue: which events each service publishes to NATS JetStream, on subject
 * `jeugd.<service>.<EventType>`. Everything else a service stores stays private to it. Names are
 * stable: a published event is never renamed or given another meaning (add a version instead).
 * Personal fields (PERSONAL_DATA) do not travel at all: at rest they are sealed with the client's
 * key, and the bus carries only which fields were sealed (`metadata.pii.paths`), not the ciphertext,
 * so the bus and its partners hold no personal data, not even encrypted.
 */
export const PUBLIC_EVENTS = {
  intake: ['ReferralReceived', 'ReferralAccepted', 'ReferralDeclined', 'ReferralWaitlisted'],
  'case-planning': ['CaseFileOpened', 'CaseDirectorAssigned', 'CaseFileClosed', 'CaseFileReopened'],
  safety: ['EtmAssessed', 'SafetyPlanRequired'],
  // SubjectKeyDestroyed: an erasure (ids, legal basis, who) so every service and partner destroys its own copy.
  consent: ['ConsentGranted', 'ConsentRefused', 'ConsentWithdrawn', 'ConsentExpired', 'DisclosureDecided', 'DisclosureRecorded', 'SubjectKeyDestroyed'],
  reporting: [],
} as const satisfies Record<string, readonly string[]>;

export type ServiceName = keyof typeof PUBLIC_EVENTS;
export const SERVICE_NAMES = Object.keys(PUBLIC_EVENTS) as ServiceName[];
