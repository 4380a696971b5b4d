import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const WORKER = join(__dirname, "..", "workers", "missionWorker.ts");

export interface WorkerOptions {
  /** The worker's progress-write interval (quick by default, so completed steps are stored). */
  intervalMs?: number;
  /** Hand the mission over as its trigger event would, so a fresh run starts before its claim. */
  delivered?: boolean;
}

/**
 * Starts a real worker process (test/workers/missionWorker.ts) on one mission; `parked`
 * resolves once it waits at `stop` to be killed, and rejects if it fails, finishes or exits first.
 */
export function startWorker(
  missionId: string,
  stop: string,
  { intervalMs = 50, delivered = false }: WorkerOptions = {},
): { child: ChildProcess; parked: Promise<void> } {
  const child = fork(WORKER, [missionId, stop, String(intervalMs), delivered ? "delivered" : ""], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const parked = new Promise<void>((resolve, reject) => {
    child.on("message", (message: { parked?: string; error?: string; outcome?: unknown }) => {
      if (message.parked) resolve();
      if (message.error) reject(new Error(`worker failed: ${message.error}`));
      if (message.outcome) reject(new Error(`worker finished before ${stop}: ${JSON.stringify(message.outcome)}`));
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before reaching ${stop}`)));
  });
  return { child, parked };
}

/** SIGKILL, and proof that it was the kill that ended the worker (not an exit of its own). */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) throw new Error(`the worker ended (${child.exitCode}) before it was killed`);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  if (child.signalCode !== "SIGKILL")
    throw new Error(`the worker ended by ${child.signalCode ?? "itself"}, not SIGKILL`);
}
