import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@wijkteam/auth';
import { asyncApiDocument } from '@wijkteam/contracts';

/**
 * GET /asyncapi.json: the AsyncAPI 3.0 document of every public event (channels, CloudEvents
 * headers, payload schemas), generated from the catalogue in libs/contracts; the same document as
 * docs/asyncapi.json in the repository (a test fails when they differ). Public like /health: it is
 * the contract partners integrate against, and holds schemas only, no data.
 */
@ApiTags('health')
@Controller('asyncapi.json')
export class AsyncApiController {
  private readonly document = asyncApiDocument();

  @Public()
  @Get()
  @Header('Content-Type', 'application/json')
  @ApiProduces('application/json')
  @ApiOperation({ summary: 'AsyncAPI 3.0 document of every public event' })
  @ApiOkResponse({ description: 'AsyncAPI 3.0 document of the public events (NATS subjects jeugd.<service>.<Event>).' })
  asyncApi(): Record<string, unknown> {
    return this.document;
  }
}
