/**
 * A real worker process for the crash tests: runs one mission's pipeline against the
 * emulator's Firestore and, at the point the test names, tells its parent where it is and
 * waits there to be killed with SIGKILL (it never goes on by itself).
 *
 *   tsx test/workers/missionWorker.ts <missionId> <stop> [progressWriteIntervalMs] [delivered]
 *   stop: before:<step> | after:<step> | never
 *   delivered: hand the mission over as a trigger event would (read just before), so a fresh
 *   run starts before its claim is written
 */
import { loadPipelineConfig } from "../../functions/src/config";
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import type { StepName } from "../../functions/src/shared/steps";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { useEmulatorParams } from "../helpers/params";

const [missionId, stop = "never", interval = "50", delivery = ""] = process.argv.slice(2);
if (!missionId) throw new Error("usage: missionWorker <missionId> <before:step|after:step|never>");

/** Tells the parent where it stopped and stays there, alive (a ref'd timer), until it is killed. */
const park = (where: string) =>
  new Promise<void>(() => {
    setInterval(() => undefined, 60_000);
    process.send?.({ parked: where });
  });

async function main(): Promise<void> {
  useEmulatorParams();
  // Quick progress writes by default, so that what a step completed is stored before the
  // parent kills us; a long interval keeps everything after the claim unstored.
  const deps = productionDeps(loadPipelineConfig({ progressWriteIntervalMs: Number(interval) }));
  const snapshot =
    delivery === "delivered"
      ? await deps.db
          .collection("missions")
          .doc(missionId ?? "")
          .get()
      : null;
  const delivered = snapshot?.updateTime ? { data: snapshot.data(), updateTime: snapshot.updateTime } : undefined;
  const outcome = await executeMission(
    missionId ?? "",
    {
      ...deps,
      hooks: {
        beforeStep: (step: StepName) => (stop === `before:${step}` ? park(stop) : undefined),
        afterStep: (step: StepName) => (stop === `after:${step}` ? park(stop) : undefined),
      },
    },
    delivered,
  );
  process.send?.({ outcome });
  process.disconnect?.();
}

main().catch((error: unknown) => {
  process.send?.({ error: String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
