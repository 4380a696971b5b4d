/**
 * Where the bench's report goes: appended to MC_REPORT_FILE when emulators.mjs gives one (it
 * shows the file's growth in the terminal while the emulators' own output goes to a log file),
 * else to stdout.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function report(text: string): void {
  const file = process.env.MC_REPORT_FILE;
  if (file) appendFileSync(file, `${text}\n`);
  else process.stdout.write(`${text}\n`);
}

export function saveJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
