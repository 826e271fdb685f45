import { Type } from 'class-transformer';
import { IsDefined, IsString, Matches, ValidateNested } from 'class-validator';

/** Who asks another service (request/reply over NATS): ids and codes, as a command's actor. */
export class RequestingActorDto {
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

/** The envelope of a request to another service: the actor and the correlation id; each request adds its own fields. */
export abstract class ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => RequestingActorDto)
  actor!: RequestingActorDto;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,64}$/)
  correlationId!: string;
}
