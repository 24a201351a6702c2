/** The sandbox's clock: real time plus an offset that the admin API can advance. */
import { badRequest } from './errors.js';

/** The last moment the platform's date formats (four-digit years) can show. */
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * Moves the clock forward by `ms`; a step that is not a finite number >= 0 or that would pass
   * the year 9999 is refused with a 400 naming `propertyName`, and the clock stays where it was.
   */
  advance(ms: number, propertyName = 'ms'): void {
    if (!Number.isFinite(ms) || ms < 0) throw badRequest(`${propertyName} must be a number >= 0`, propertyName);
    if (this.now() + ms > LATEST) {
      throw badRequest(`${propertyName} would move the clock past the year 9999`, propertyName);
    }
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
