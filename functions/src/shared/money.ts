/** Money is counted in whole millionths of a US dollar everywhere in the backend. */
export function formatUsd(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(4)}`;
}
