import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Payload } from '@nestjs/microservices';
import { ApiProperty } from '@nestjs/swagger';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { IdGenerator, validateMessage } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { IsDefined, IsString, Matches, ValidateNested } from 'class-validator';
import { DecideDisclosureCommand } from '../application/disclosure.handlers';
import type { DisclosureDecidedData } from '../domain/disclosure';
import { DecideDisclosureDto, toDisclosureRequest } from './disclosure.dto';

class RequestingActorDto {
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  userId!: string;

  @IsString()
  @Matches(/^[a-z-]{1,40}$/)
  role!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  organisation!: string;
}

/** `consent.decide` over NATS: another service asks before it discloses (same rules as HTTP). */
export class ConsentDecideRequest {
  @ApiProperty({ type: DecideDisclosureDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DecideDisclosureDto)
  request!: DecideDisclosureDto;

  @IsDefined()
  @ValidateNested()
  @Type(() => RequestingActorDto)
  actor!: RequestingActorDto;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,64}$/)
  correlationId!: string;
}

@Controller()
export class ConsentRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ids: IdGenerator,
  ) {}

  @ServiceMessagePattern('consent', 'consent.decide')
  async decide(@Payload() payload: unknown): Promise<DisclosureDecidedData> {
    const { request, actor, correlationId } = await validateMessage(ConsentDecideRequest, payload);
    return this.commands.execute(
      new DecideDisclosureCommand(this.ids.next(), toDisclosureRequest(request), { actor: { ...actor }, correlationId, purpose: request.purpose }),
    );
  }
}
