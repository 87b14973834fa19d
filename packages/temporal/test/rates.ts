// Counting a rate limit from the provider's side: the sandbox records when each CAMS request arrived.

/** The most of the ascending `times` that fall within any window of `ms` (the window ending at t holds (t - ms, t]). */
export function mostWithin(times: readonly number[], ms: number): number {
  let most = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[start]! <= times[end]! - ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
