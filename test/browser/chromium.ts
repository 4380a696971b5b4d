/**
 * Which Chromium the browser tests drive, so that `npm install && npm test` needs nothing but
 * Node and Java: the system's Chromium when there is one, else the headless Chromium that the
 * npm package @sparticuz/chromium carries (unpacked into the temporary folder on first use,
 * offline). MC_CHROMIUM chooses explicitly:
 *
 *   MC_CHROMIUM unset or "auto"  CHROMIUM_PATH, else the first system Chromium found, else npm
 *   MC_CHROMIUM=system           a system Chromium or fail (CHROMIUM_PATH, then the usual paths)
 *   MC_CHROMIUM=npm              the npm one even if a system Chromium exists (proves that path)
 */
import { existsSync } from "node:fs";
import * as z from "zod";

export interface ChromiumChoice {
  executablePath: string;
  /** Said in the test title, so a run shows which browser it used. */
  source: string;
  args: string[];
}

/** Flags for a headless run in a container, with nothing reaching out to Google's services. */
const COMMON_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/**
 * The npm build is chrome-headless-shell made for serverless sandboxes: it needs no zygote and
 * runs its renderer in process (the package's own recommendation; without them it can fail to
 * start where setuid sandboxes are unavailable).
 */
const NPM_ARGS = ["--no-zygote", "--single-process", "--disable-setuid-sandbox"];

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

const mode = z.enum(["auto", "system", "npm"], {
  error: (issue) => `MC_CHROMIUM must be auto, system or npm (got ${JSON.stringify(issue.input)})`,
});

function systemChromium(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [env.CHROMIUM_PATH, ...SYSTEM_PATHS].filter((path): path is string => Boolean(path));
  return candidates.find((path) => existsSync(path));
}

async function npmChromium(): Promise<ChromiumChoice> {
  // An ES module; imported only when used, since unpacking it costs a second or two.
  const { default: chromium } = await import("@sparticuz/chromium");
  chromium.setGraphicsMode = false; // no WebGL needed; skips unpacking SwiftShader
  return {
    executablePath: await chromium.executablePath(),
    source: "@sparticuz/chromium from npm",
    args: [...COMMON_ARGS, ...NPM_ARGS],
  };
}

export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const parsed = mode.safeParse(env.MC_CHROMIUM?.trim() || "auto");
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid MC_CHROMIUM");
  const wanted = parsed.data;
  if (wanted === "npm") return npmChromium();
  const system = systemChromium(env);
  if (system) return { executablePath: system, source: `system Chromium at ${system}`, args: COMMON_ARGS };
  if (wanted === "system") {
    throw new Error(`MC_CHROMIUM=system but no Chromium at ${[env.CHROMIUM_PATH, ...SYSTEM_PATHS].join(", ")}`);
  }
  return npmChromium();
}
