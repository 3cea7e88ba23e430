import { Clock } from '../../domain/ports/clock';

/** The machine's clock; production's only Clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
