import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { ERASURE_RECORD_PATTERN, ErasureRecordRequest, type ErasureRecordReply, validateMessage } from '@wijkteam/runtime';
import { ClientRights } from './client-rights';

/**
 * `consent.erasure-record`: the other services' erasure followers ask before they destroy their key
 * of a client, so that only an erasure this desk decided is carried out (issue 17). Ids and codes only.
 */
@Controller()
export class ErasureRecordReplies {
  constructor(private readonly rights: ClientRights) {}

  @ServiceMessagePattern('consent', ERASURE_RECORD_PATTERN)
  async record(@Payload() payload: unknown): Promise<ErasureRecordReply> {
    const { subjectId } = await validateMessage(ErasureRecordRequest, payload);
    const erasure = await this.rights.erasureOf(subjectId);
    return { erasure: erasure?.data ?? null };
  }
}
