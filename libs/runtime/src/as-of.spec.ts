import { Controller, Get, type INestApplication, Query, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsISO8601, IsOptional, IsString } from 'class-validator';
import request from 'supertest';
import { AsOfRefusal } from './as-of';
import { HttpErrorFilter } from './http-errors';

class AsOfQuery {
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

class TeamQuery {
  @IsOptional()
  @IsString()
  team?: string;
}

@Controller('spec')
class SpecController {
  @Get('current')
  current() {
    return { state: 'now' };
  }

  @Get('filtered')
  filtered(@Query() query: TeamQuery) {
    return { team: query.team ?? null };
  }

  @Get('history')
  history(@Query() query: AsOfQuery) {
    return { asOf: query.asOf ?? null };
  }

  @Get('named')
  named(@Query('asOf') asOf?: string) {
    return { asOf: asOf ?? null };
  }
}

describe('AsOfRefusal: ?asOf= honoured or refused with 400, never ignored (issue 16)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [SpecController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.useGlobalInterceptors(new AsOfRefusal());
    await app.init();
  });
  afterAll(() => app.close());

  it('refuses asOf on a route that reads only the current state, with or without a query DTO, naming the field', async () => {
    for (const path of ['/spec/current?asOf=2026-01-01', '/spec/filtered?team=noord&asOf=2026-01-01', '/spec/current?asOf=']) {
      const response = await request(app.getHttpServer()).get(path).expect(400);
      expect(response.body).toMatchObject({ code: 'as_of_not_supported', field: 'asOf' });
    }
  });

  it('lets a route that declares asOf take it (its DTO, or @Query("asOf")), and leaves routes without asOf alone', async () => {
    expect((await request(app.getHttpServer()).get('/spec/history?asOf=2026-01-01T00:00:00Z').expect(200)).body).toEqual({ asOf: '2026-01-01T00:00:00Z' });
    expect((await request(app.getHttpServer()).get('/spec/named?asOf=2026-01-01').expect(200)).body).toEqual({ asOf: '2026-01-01' });
    expect((await request(app.getHttpServer()).get('/spec/current').expect(200)).body).toEqual({ state: 'now' });
    expect((await request(app.getHttpServer()).get('/spec/filtered?team=noord').expect(200)).body).toEqual({ team: 'noord' });
  });
});
