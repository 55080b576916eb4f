import { catalog, queueKeys } from './catalog';

describe('queue catalog retention (F13)', () => {
  const jobs = queueKeys.flatMap((key) =>
    Object.entries(catalog[key].jobs).map(([name, def]) => ({ job: `${catalog[key].name}/${name}`, ...def })),
  );

  it.each(jobs)('$job keeps completed jobs bounded by count and age', ({ options }) => {
    expect(options.removeOnComplete).toEqual({ age: expect.any(Number), count: expect.any(Number) });
  });

  it.each(jobs)(
    '$job keeps failed jobs bounded: by count and age, or as dead letters under DEAD_LETTER_MAX',
    ({ options }) => {
      const attempts = options.attempts ?? 1;
      if (options.removeOnFail === false) {
        // a dead letter: redrivable, so never expired by age; the worker's cap bounds the count
        expect(attempts).toBeGreaterThan(1);
      } else {
        // a repeatable tick: the next tick is its retry
        expect(attempts).toBe(1);
        expect(options.removeOnFail).toEqual({ age: expect.any(Number), count: expect.any(Number) });
      }
    },
  );
});
