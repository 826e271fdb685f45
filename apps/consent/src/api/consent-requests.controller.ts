import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { ApiProperty } from '@nestjs/swagger';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { Clock, type CommandContext, IdGenerator, IsCanonicalId, ServiceRequestEnvelope, UserRequests } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { ConsentIndex } from '../application/consent-index';
import { clientOfConsent, Consents } from '../application/consent.handlers';
import type { ConsentCommand } from '../domain/consent';
import { DecideDisclosureCommand } from '../application/disclosure.handlers';
import type { DisclosureDecidedData } from '../domain/disclosure';
import { GrantConsentDto, grantConsentCommand, RefuseConsentDto, refuseConsentCommand, WithdrawConsentDto, withdrawConsentCommand } from './consent.dto';
import { DecideDisclosureDto, toDisclosureRequest } from './disclosure.dto';

/** `consent.decide` over NATS: another service asks before it discloses (same rules as HTTP), on behalf of its user (their token). */
export class ConsentDecideRequest extends ServiceRequestEnvelope {
  @ApiProperty({ type: DecideDisclosureDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DecideDisclosureDto)
  request!: DecideDisclosureDto;
}

export class ConsentGrantRequest extends ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => GrantConsentDto)
  request!: GrantConsentDto;
}

export class ConsentRefuseRequest extends ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => RefuseConsentDto)
  request!: RefuseConsentDto;
}

export class ConsentWithdrawRequest extends ServiceRequestEnvelope {
  @IsCanonicalId()
  consentId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => WithdrawConsentDto)
  request!: WithdrawConsentDto;
}

type ConsentOutcome = { consentId: string; clientId: string; status: string };

@Controller()
export class ConsentRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly index: ConsentIndex,
    private readonly requests: UserRequests,
  ) {}

  @ServiceMessagePattern('consent', 'consent.grant')
  async grant(@Payload() payload: unknown): Promise<ConsentOutcome> {
    const { request, context } = await this.requests.accept(ConsentGrantRequest, payload);
    const consentId = this.ids.next();
    return this.run(request.clientId, consentId, grantConsentCommand(request, consentId, this.now()), context);
  }

  @ServiceMessagePattern('consent', 'consent.refuse')
  async refuse(@Payload() payload: unknown): Promise<ConsentOutcome> {
    const { request, context } = await this.requests.accept(ConsentRefuseRequest, payload);
    const consentId = this.ids.next();
    return this.run(request.clientId, consentId, refuseConsentCommand(request, consentId, this.now()), context);
  }

  @ServiceMessagePattern('consent', 'consent.withdraw')
  async withdraw(@Payload() payload: unknown): Promise<ConsentOutcome> {
    const { consentId, request, context } = await this.requests.accept(ConsentWithdrawRequest, payload);
    const clientId = await clientOfConsent(this.index, consentId);
    return this.run(clientId, consentId, withdrawConsentCommand(request, consentId, this.now()), context);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async run(clientId: string, consentId: string, command: ConsentCommand, context: CommandContext): Promise<ConsentOutcome> {
    const result = await this.commands.execute(new Consents.Command(clientId, command, context));
    return { consentId, clientId, status: result.state.consents[consentId].status };
  }

  @ServiceMessagePattern('consent', 'consent.decide')
  async decide(@Payload() payload: unknown): Promise<DisclosureDecidedData> {
    const { request, context } = await this.requests.accept(ConsentDecideRequest, payload);
    return this.commands.execute(new DecideDisclosureCommand(this.ids.next(), toDisclosureRequest(request), { ...context, purpose: request.purpose }));
  }
}
