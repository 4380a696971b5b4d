import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Gives a test process (or a test worker) the params the Functions emulator runs with
 * (functions/.env.local: loopback fetches allowed, the fake search API...), so a pipeline
 * called directly runs its web tools exactly as the trigger does. Values already set win.
 */
export function useEmulatorParams(): void {
  const file = readFileSync(join(__dirname, "..", "..", "functions", ".env.local"), "utf8");
  for (const line of file.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}
