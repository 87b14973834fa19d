import { describe, expect, it } from 'vitest';
import { mostWithin } from './rates.js';

describe('mostWithin (requests in any rolling second)', () => {
  it('counts a window as CAMS does: a request exactly 1000 ms after another is in the next second', () => {
    expect(mostWithin([], 1000)).toBe(0);
    expect(mostWithin([0, 200, 400, 600, 800, 1000, 1200], 1000)).toBe(5);
    expect(mostWithin([0, 200, 400, 600, 800, 999], 1000)).toBe(6);
    expect(mostWithin([0, 0, 0, 0, 0, 2000, 2100], 1000)).toBe(5);
    expect(mostWithin([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toBe(5);
  });
});
