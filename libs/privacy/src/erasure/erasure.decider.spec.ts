import { deciderSpec } from '@wijkteam/testing';
import { type ErasureCommand, erasureDecider } from './erasure.decider';

const spec = deciderSpec(erasureDecider);
const data: ErasureCommand['data'] = {
  subjectId: '0193a5b2-7c1e-7000-8000-00000000c001',
  legalBasis: 'avg_art17_request',
  requestId: '0193a5b2-7c1e-7000-8000-0000000a0001',
  decidedBy: { userId: 'coordinator-1', role: 'team-coordinator', organisation: 'wijkteam-noord' },
  destroyedAt: '2026-12-01T10:00:00.000Z',
};

describe('erasure decider', () => {
  it('destroys the key of a subject once, with who and the legal basis', () => {
    spec.given([]).when({ type: 'DestroySubjectKey', data }).then([{ type: 'SubjectKeyDestroyed', data }]);
    spec.given([{ type: 'SubjectKeyDestroyed', data }]).when({ type: 'DestroySubjectKey', data }).thenRejects('subject_already_erased');
  });

  it('needs a legal basis from the fixed list, and a request for request-based erasure', () => {
    spec.given([]).when({ type: 'DestroySubjectKey', data: { ...data, legalBasis: 'because' as never } }).thenRejects('unknown_legal_basis', 'legalBasis');
    spec.given([]).when({ type: 'DestroySubjectKey', data: { ...data, requestId: null } }).thenRejects('request_required', 'requestId');
    spec.given([]).when({ type: 'DestroySubjectKey', data: { ...data, legalBasis: 'retention_expired', requestId: null } }).then([{ type: 'SubjectKeyDestroyed', data: { ...data, legalBasis: 'retention_expired', requestId: null } }]);
  });

  it('refuses a subject id that is not a UUID (it names a stream)', () => {
    spec.given([]).when({ type: 'DestroySubjectKey', data: { ...data, subjectId: '123456782' } }).thenRejects('invalid_subject_id', 'subjectId');
  });
});
