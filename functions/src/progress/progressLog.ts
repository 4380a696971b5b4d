import type { LogEntry } from "firebase-functions/logger";
import { log } from "../logs";
import { TOTAL_STEPS, stepIndex } from "../shared/steps";
import type { ExecutionStep } from "./schema";
import type { MissionProgressTracker } from "./tracker";
import type { ProgressEvent } from "./trackerTypes";

/**
 * A run's `[PROGRESS_TRACKER]` lines, written in batches instead of one by one as the events
 * happen.
 *
 * Why: writing a line costs the worker (and, on the emulator, the log pipeline that reads it)
 * CPU at the moment the run is about to commit its result. A calculate mission emits fourteen
 * lines in a few milliseconds, and writing them as they happened cost it more than the
 * pipeline's own logic (README, Performance). So lines are written at most `flushEveryMs`
 * after their event (a long run's log keeps up with its stored progress), and every remaining
 * one when the run ends: executeMission flushes after its final write, so a short mission's
 * lines follow its result. Each carries its event's time, so Cloud Logging orders them by
 * when they happened. A worker killed outright loses at most its last interval of lines; the
 * mission's record, not the log, is what a run leaves behind.
 */
export class ProgressLog {
  private pending: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flushEveryMs: number,
    private readonly write: (entries: readonly LogEntry[]) => void = log.progress,
  ) {}

  /** Logs every event of `tracker`; returns the function that stops it. */
  attach(tracker: MissionProgressTracker): () => void {
    return tracker.onEvent((event, snapshot) =>
      this.add(progressEntry(tracker.missionId, event, snapshot.current_step)),
    );
  }

  /** Writes every pending line now, in event order. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    this.write(entries);
  }

  private add(entry: LogEntry): void {
    this.pending.push(entry);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.flushEveryMs);
    // Never what keeps a process alive: the run's end flushes whatever is left.
    this.timer.unref();
  }
}

/**
 * The line of one progress event, in the spec's shape (`[PROGRESS_TRACKER] Step 2/7:
 * intent_classification (20%)`, `[PROGRESS_TRACKER] Completed: intent_classification (30%)`),
 * with structured fields for Cloud Logging and the event's own time as the entry's `timestamp`
 * (a special field of structured logs), since it may be written a moment after the event.
 */
export function progressEntry(missionId: string, event: ProgressEvent, current: ExecutionStep | null): LogEntry {
  const { step, percent } = event;
  const seconds = Math.floor(event.at / 1000);
  const fields = {
    mission_id: missionId,
    step,
    percent,
    event: event.type,
    timestamp: { seconds, nanos: Math.round((event.at - seconds * 1000) * 1e6) },
  };
  switch (event.type) {
    case "step_started":
      return {
        severity: "INFO",
        message: `[PROGRESS_TRACKER] Step ${stepIndex(step)}/${TOTAL_STEPS}: ${step} (${percent}%)`,
        ...fields,
      };
    case "step_progress":
      return {
        severity: "DEBUG",
        message: `[PROGRESS_TRACKER] Progress: ${step} (${percent}%) ${current?.message ?? ""}`,
        ...fields,
      };
    case "step_completed":
      return { severity: "INFO", message: `[PROGRESS_TRACKER] Completed: ${step} (${percent}%)`, ...fields };
    case "step_failed":
      return {
        severity: "WARNING",
        message: `[PROGRESS_TRACKER] Failed: ${step} (${percent}%): ${current?.error ?? ""}`,
        ...fields,
      };
  }
}
