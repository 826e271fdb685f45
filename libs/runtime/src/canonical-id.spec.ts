import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsCanonicalId } from './canonical-id';

class Body {
  @IsCanonicalId()
  clientId!: string;
}

class Family {
  @IsCanonicalId({ each: true })
  clientIds!: string[];
}

describe('IsCanonicalId', () => {
  it('takes a UUID in any letter case as its lower-case form', () => {
    const body = plainToInstance(Body, { clientId: '0193A000-0000-7000-8000-00000000ABCD' });
    expect(validateSync(body)).toEqual([]);
    expect(body.clientId).toBe('0193a000-0000-7000-8000-00000000abcd');
  });

  it('refuses anything else, naming the field', () => {
    for (const clientId of ['not-a-uuid', 42, null, '']) {
      const [error] = validateSync(plainToInstance(Body, { clientId }));
      expect(error?.property).toBe('clientId');
    }
  });

  it('takes a list of them, each in lower case, and refuses a list with one wrong id', () => {
    const family = plainToInstance(Family, { clientIds: ['0193A000-0000-7000-8000-00000000ABCD', '0193a000-0000-7000-8000-00000000abce'] });
    expect(validateSync(family)).toEqual([]);
    expect(family.clientIds).toEqual(['0193a000-0000-7000-8000-00000000abcd', '0193a000-0000-7000-8000-00000000abce']);
    expect(validateSync(plainToInstance(Family, { clientIds: ['0193a000-0000-7000-8000-00000000abcd', 'nope'] }))[0]?.property).toBe('clientIds');
  });
});
