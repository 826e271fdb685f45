import './quiet';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConsoleLogger, type INestMicroservice, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CaptureHandlerErrors, type MessagingServer } from '../../src';
import { BEHAVIOUR, type Behaviour, ConsentProjection, EffectLog } from './effects';

/** A Nest microservice with the test handlers, fed by `transport`. */
export async function startConsumerApp(
  transport: MessagingServer,
  effects: EffectLog,
  behaviour: Behaviour = {},
  controllers: Type[] = [ConsentProjection],
): Promise<INestMicroservice> {
  const builder = Test.createTestingModule({
    controllers,
    providers: [
      { provide: EffectLog, useValue: effects },
      { provide: BEHAVIOUR, useValue: behaviour },
      { provide: APP_INTERCEPTOR, useClass: CaptureHandlerErrors },
    ],
  });
  // The testing module logs errors only; show everything when debugging.
  if (process.env.DEBUG_MESSAGING) builder.setLogger(new ConsoleLogger());
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestMicroservice({ strategy: transport, logger: process.env.DEBUG_MESSAGING ? undefined : false });
  await app.listen();
  return app;
}
