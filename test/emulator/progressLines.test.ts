import assert from "node:assert/strict";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";
import { uniqueId } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

interface LoggedLine {
  message: string;
  timestamp?: { seconds: number; nanos: number };
}

/** The structured log lines this process writes to stdout about `missionId` while `work` runs. */
async function linesDuring<T>(missionId: string, work: (lines: LoggedLine[]) => Promise<T>) {
  const lines: LoggedLine[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    for (const text of String(chunk).split("\n")) {
      if (text.includes(missionId) && text.startsWith("{")) lines.push(JSON.parse(text) as LoggedLine);
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return { result: await work(lines), lines };
  } finally {
    process.stdout.write = write;
  }
}

describe("a run's progress log lines", function () {
  this.timeout(30_000);
  withoutTriggers();

  it("follow a short run's result, all written by the time the run returns, in event order", async () => {
    const ref = await createApproved({ objective: "What is 9 * 9?" }, uniqueId("log-lines"));
    let writtenBeforeFinalize = -1;
    const { result: outcome, lines } = await linesDuring(ref.id, (lines) =>
      runDirect(ref.id, {
        hooks: {
          beforeStep: (step) => {
            if (step === "finalize") writtenBeforeFinalize = lines.length;
          },
        },
      }),
    );
    assert.equal(outcome.kind, "completed");
    // Only the claim's own line: the progress lines wait for the result (a sub-second run).
    assert.deepEqual(
      lines.slice(0, writtenBeforeFinalize).map((line) => line.message.split(" ")[0]),
      ["[MISSION]"],
    );
    const progress = lines.filter((line) => line.message.startsWith("[PROGRESS_TRACKER]"));
    assert.deepEqual(
      progress.map((line) => line.message),
      PIPELINE_STEPS.flatMap((step, index) => [
        `[PROGRESS_TRACKER] Step ${index + 1}/7: ${step.name} (${step.startedPercent}%)`,
        `[PROGRESS_TRACKER] Completed: ${step.name} (${step.completedPercent}%)`,
      ]),
    );
    const times = progress.map((line) => (line.timestamp?.seconds ?? 0) * 1000 + (line.timestamp?.nanos ?? 0) / 1e6);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      "each line carries its event's time, in order",
    );
    assert.match(
      lines.at(-1)?.message ?? "",
      /^\[MISSION\] \S+ completed in \d+ ms/,
      "the run's last line says how it ended",
    );
  });
});
