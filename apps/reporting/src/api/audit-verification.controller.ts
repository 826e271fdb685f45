import { Controller, Get, Inject } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '@wijkteam/auth';
import type { EventStore } from '@wijkteam/event-store';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { type MismatchKind, type Verification, verifyHistory } from '../application/seal-verifier';

const KINDS: MismatchKind[] = ['edited', 'removed', 'inserted', 'reordered', 'seal_altered'];

class MismatchView {
  @ApiProperty({ description: 'De eerste positie in de volgorde van de store die niet meer klopt met de zegels.' }) position!: string;
  @ApiProperty({ enum: KINDS, description: 'Wat er veranderd is: gewijzigd, verwijderd, ingevoegd, van volgorde veranderd, of een zegel zelf.' }) kind!: MismatchKind;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Het event dat daar nu staat; null bij een verwijderd event.' }) eventId!: string | null;
}

class VerificationView {
  @ApiProperty({ description: 'Of de hele verzegelde geschiedenis ongewijzigd is.' }) intact!: boolean;
  @ApiProperty({ description: 'Positie van het laatste verzegelde event dat klopt (0: geen).' }) verifiedThrough!: string;
  @ApiProperty({ description: 'Aantal gecontroleerde events.' }) events!: number;
  @ApiProperty({ description: 'Aantal gecontroleerde zegels.' }) seals!: number;
  @ApiPropertyOptional({ type: MismatchView, nullable: true }) firstMismatch!: MismatchView | null;
}

/**
 * Tamper evidence for the auditor: the whole history checked against the seals. No client data in
 * the answer (positions, event ids, counts), so it is not access-logged; the role is required.
 */
@ApiTags('audit')
@Controller('audit')
export class AuditVerificationController {
  constructor(@Inject(RAW_EVENT_STORE) private readonly store: EventStore) {}

  @Get('verification')
  @Roles('auditor')
  @ApiOperation({ summary: 'Verify the whole history against the seals: the first position that no longer matches and what kind of change it is' })
  @ApiOkResponse({ type: VerificationView })
  @ApiForbiddenResponse({ description: 'Only an auditor.' })
  verification(): Promise<Verification> {
    return verifyHistory(this.store);
  }
}
