import { bearerTokenFrom } from './bearer';

describe('bearer header', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer   abc.def.ghi  ', 'abc.def.ghi'],
  ])('reads %j', (header, token) => {
    expect(bearerTokenFrom(header)).toBe(token);
  });

  it.each([[undefined], [''], ['Bearer'], ['Bearer '], ['Basic abc'], ['Bearer a b'], [['Bearer a', 'Bearer b']]])(
    'finds no token in %j',
    (header) => {
      expect(bearerTokenFrom(header)).toBeUndefined();
    },
  );
});
