/** Money is counted in whole millionths of a US dollar everywhere in the backend. */
export function formatUsd(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(4)}`;
}

/** Rounds to one decimal: how percentages and seconds are shown and stored. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
