/** Pure text and time helpers shared by the cards, the pipeline and the figures. */

export function percentText(value: number): string {
  return `${Math.round(value)}%`;
}

export function secondsText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

export function msText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * The time left never counts up: a later estimate only moves the end earlier, so a longer
 * one holds the countdown instead of adding seconds. Once the end has passed, the new
 * estimate is taken as it is ("taking longer than estimated" gives way to a fresh figure).
 */
export function nextEtaEnd(shownEndMs: number | null, etaSeconds: number | null, nowMs: number): number | null {
  if (etaSeconds === null) return null;
  const next = nowMs + etaSeconds * 1000;
  return shownEndMs === null || shownEndMs <= nowMs ? next : Math.min(shownEndMs, next);
}

export function etaText(endsAtMs: number | null, nowMs: number): string {
  if (endsAtMs === null) return "estimating time left…";
  const left = (endsAtMs - nowMs) / 1000;
  return left >= 0.5 ? `about ${secondsText(left)} left` : "taking longer than estimated";
}
