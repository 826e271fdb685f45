import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type StreamOf, streamOf, type StreamOwner } from '@wijkteam/contracts';

/** The parts of a client's file a read can touch (NEN 7513: log which data was seen). */
export const FILE_PARTS = ['referral', 'case-file', 'plan', 'safety', 'consent', 'access-log', 'privacy'] as const;
export type FilePart = (typeof FILE_PARTS)[number];

export const ACCESS_PURPOSES = ['care_delivery', 'case_direction', 'safety_assessment', 'audit', 'client_request'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export const CLIENT_FILE_ACCESSED = 'ClientFileAccessed';
/** `intake.accessLog-<clientId>`, …: each service logs the reads it served, in a stream of its own. */
export const accessLogStreamOf = (owner: StreamOwner): StreamOf => streamOf(owner, 'accessLog');

/** One read of a client's file: who, in which role and organisation, when, what, for whom, why. */
export interface AccessLogEntry {
  clientId: string;
  part: FilePart;
  userId: string;
  role: string;
  organisation: string;
  onBehalfOf: string | null;
  purpose: AccessPurpose;
  accessedAt: string;
}

export class AccessLogEntryView implements AccessLogEntry {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: FILE_PARTS }) part!: FilePart;
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() organisation!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) onBehalfOf!: string | null;
  @ApiProperty({ enum: ACCESS_PURPOSES }) purpose!: AccessPurpose;
  @ApiProperty({ format: 'date-time' }) accessedAt!: string;
}
