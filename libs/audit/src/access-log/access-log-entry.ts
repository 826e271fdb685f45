import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, STREAM_OWNERS, type StreamOf, streamOf, type StreamOwner } from '@wijkteam/contracts';

/** The parts of a client's file a read can touch (NEN 7513: log which data was seen). */
export const FILE_PARTS = ['referral', 'case-file', 'plan', 'safety', 'consent', 'access-log', 'privacy', 'transition', 'first-visit', 'network'] as const;
export type FilePart = (typeof FILE_PARTS)[number];

export const ACCESS_PURPOSES = ['care_delivery', 'case_direction', 'safety_assessment', 'audit', 'client_request'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export const CLIENT_FILE_ACCESSED = 'ClientFileAccessed';
/** A refused attempt to read or act on a client's file: recorded in the same stream as the reads. */
export const CLIENT_FILE_ACCESS_REFUSED = 'ClientFileAccessRefused';

/**
 * Why an access was refused, as a code (never free text). other_team: the file belongs to another
 * team; not_handed_over: an adult-team professional without a completed warm handover to them (seed 004);
 * role_not_allowed: the user holds none of the route's roles (a partner on a coach's route).
 */
export const ACCESS_REFUSAL_REASONS = ['other_team', 'not_handed_over', 'role_not_allowed'] as const;
export type AccessRefusalReason = (typeof ACCESS_REFUSAL_REASONS)[number];
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

/** One refused access to a client's file: who tried, in which role and organisation, when, what, why refused. */
export interface AccessRefusalEntry {
  clientId: string;
  part: FilePart;
  userId: string;
  role: string;
  organisation: string;
  /** Who the user acted for (`x-on-behalf-of`), when known; null otherwise. */
  onBehalfOf: string | null;
  reason: AccessRefusalReason;
  refusedAt: string;
}

/** An entry of "who saw my file": a read (`accessed`) or a refused attempt (`refused`), and the service that recorded it. */
export type AccessLogListing = ((AccessLogEntry & { kind: 'accessed' }) | (AccessRefusalEntry & { kind: 'refused' })) & { service: StreamOwner };

export class AccessLogListingView {
  @ApiProperty({ enum: ['accessed', 'refused'] }) kind!: 'accessed' | 'refused';
  @ApiProperty({ enum: Object.keys(STREAM_OWNERS), description: 'The service that served the read or refused the attempt.' }) service!: StreamOwner;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: FILE_PARTS }) part!: FilePart;
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() organisation!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) onBehalfOf?: string | null;
  @ApiPropertyOptional({ enum: ACCESS_PURPOSES, description: 'Reads only.' }) purpose?: AccessPurpose;
  @ApiPropertyOptional({ format: 'date-time', description: 'Reads only.' }) accessedAt?: string;
  @ApiPropertyOptional({ enum: ACCESS_REFUSAL_REASONS, description: 'Refusals only.' }) reason?: AccessRefusalReason;
  @ApiPropertyOptional({ format: 'date-time', description: 'Refusals only.' }) refusedAt?: string;
}

/** A page of "who saw my file", over every service; `services` are the services whose logs it covers. */
export interface AccessLogPage {
  items: AccessLogListing[];
  page: number;
  pageSize: number;
  total: number;
  services: StreamOwner[];
}

export class AccessLogPageView implements AccessLogPage {
  @ApiProperty({ type: AccessLogListingView, isArray: true }) items!: AccessLogListing[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Entries over all services.' }) total!: number;
  @ApiProperty({ enum: Object.keys(STREAM_OWNERS), isArray: true, description: 'The services whose access logs this answer covers.' }) services!: StreamOwner[];
}
