import { type Decider, DomainError, type DomainEvent, isUuid, LEGAL_BASES, type StreamOf, streamOf, type StreamOwner } from '@wijkteam/contracts';

/**
 * Crypto-shredding as a decision with a record: destroying a subject's key is the event
 * `SubjectKeyDestroyed` in the stream `<owner>.erasure-<subjectId>` of the service whose key it was
 * (the subject id is a UUID, never a personal identifier). Each service keeps its own keys and so
 * its own record: on a shared store, one service's record must not answer for another's key. Who is
 * in the data as well as in the metadata, so the record stands on its own.
 */
export { LEGAL_BASES };
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** `consent.erasure-<subjectId>`, `intake.erasure-<subjectId>`, …: one per service keeping keys. */
export const erasureStreamOf = (owner: StreamOwner): StreamOf => streamOf(owner, 'erasure');

export interface ErasedBy {
  userId: string;
  role: string;
  organisation: string;
}

export type ErasureCommand = {
  type: 'DestroySubjectKey';
  data: {
    subjectId: string;
    legalBasis: LegalBasis;
    /** The granted destruction request or AVG request this carries out; required for those bases. */
    requestId: string | null;
    decidedBy: ErasedBy;
    destroyedAt: string;
  };
};

export type ErasureEvent = DomainEvent<'SubjectKeyDestroyed', ErasureCommand['data']>;

export interface ErasureState {
  erased: boolean;
}

export const erasureDecider: Decider<ErasureCommand, ErasureEvent, ErasureState> = {
  initialState: () => ({ erased: false }),
  evolve: (state, event) => (event.type === 'SubjectKeyDestroyed' ? { erased: true } : state),
  decide(command, state) {
    const { data } = command;
    if (!isUuid(data.subjectId)) throw new DomainError('invalid_subject_id', 'unprocessable', 'subjectId');
    if (!(LEGAL_BASES as readonly string[]).includes(data.legalBasis)) throw new DomainError('unknown_legal_basis', 'unprocessable', 'legalBasis');
    if (data.legalBasis !== 'retention_expired' && data.requestId === null)
      throw new DomainError('request_required', 'unprocessable', 'requestId');
    if (state.erased) throw new DomainError('subject_already_erased', 'conflict');
    return [{ type: 'SubjectKeyDestroyed', data: { ...data } }];
  },
};
