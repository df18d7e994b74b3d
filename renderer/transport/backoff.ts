// Delay before the n-th reconnect attempt: doubling from initialMs up to maxMs, with jitter so
// many windows do not reconnect in lockstep after the host restarts.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: how much of the delay may be randomised (0.2 = ±20%). */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 15_000, jitter: 0.2 };

export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const spread = base * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, base + spread)));
}
