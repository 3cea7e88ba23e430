import { SystemClock } from '../../../../src/adapters/time/system-clock';

describe('SystemClock', () => {
  it('reports the current time', () => {
    jest.useFakeTimers({ now: new Date('2031-02-03T04:05:06.789Z') });
    try {
      expect(new SystemClock().now().toISOString()).toBe('2031-02-03T04:05:06.789Z');
    } finally {
      jest.useRealTimers();
    }
  });
});
