// When the next daily scan is due: the configured local hour, today if still ahead, else tomorrow.
export function nextDailyRun(now: Date, hour: number): Date {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}
