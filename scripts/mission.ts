/**
 * npm run mission -- "What is 15% of 2340?"
 *
 * Creates a mission in the running emulator suite (`npm start`), approves it, shows a live
 * progress bar fed by the mission document, then prints the result and the artifact.
 * Exit code: 0 completed, 1 failed, 2 could not run.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { FieldValue, type DocumentData, type DocumentSnapshot } from "firebase-admin/firestore";
import { displayStep, parseMissionView, progressPercent } from "../functions/src/analytics/views";
import { firestore, MISSIONS } from "../functions/src/firebase";
import { isTerminal } from "../functions/src/missions/status";
import { STEP_LABELS } from "../functions/src/pipeline/steps";
import { progressSnapshotSchema } from "../functions/src/progress/schema";

const PROJECT_ID = "demo-mission-control";
const WAIT_LIMIT_MS = 10 * 60 * 1000;

interface EmulatorConfig {
  firestore: { host: string; port: number };
}

function useEmulatorDefaults(): string {
  const config = JSON.parse(readFileSync(resolve(__dirname, "..", "firebase.json"), "utf8")) as {
    emulators: EmulatorConfig;
  };
  const host = `${config.emulators.firestore.host}:${config.emulators.firestore.port}`;
  process.env.FIRESTORE_EMULATOR_HOST ??= host;
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  // Naming the project up front keeps the Admin SDK from asking the (absent) metadata server.
  process.env.GOOGLE_CLOUD_PROJECT ??= process.env.GCLOUD_PROJECT;
  // Off Google Cloud there is no metadata server; asking for one only prints warnings.
  process.env.METADATA_SERVER_DETECTION ??= "none";
  return process.env.FIRESTORE_EMULATOR_HOST;
}

async function assertReachable(host: string): Promise<void> {
  try {
    await fetch(`http://${host}/`, { signal: AbortSignal.timeout(3000) });
  } catch {
    console.error(`No Firestore emulator answers at ${host}. Start the product first: npm start`);
    process.exit(2);
  }
}

/** The bar's text, from the same view of a mission the dashboard uses. */
function barState(snapshot: DocumentSnapshot): { percent: number; step: string; final: DocumentData | null } {
  const parsed = parseMissionView(snapshot);
  if (!parsed.ok) return { percent: 0, step: "Waiting for the mission", final: null };
  const { view } = parsed;
  const percent = progressPercent(view);
  const final = isTerminal(view.status) ? (snapshot.data() ?? null) : null;
  if (view.status === "completed") return { percent, step: "Complete", final };
  const step = view.execution_record ? STEP_LABELS[displayStep(view) ?? "finalize"] : "Waiting for the trigger";
  if (final) return { percent, step: `Failed at ${step}`, final };
  return { percent, step: `${step} (${view.status})`, final };
}

/**
 * "about 6 s left", counted down locally between snapshots and never up: a longer estimate
 * holds the countdown rather than adding seconds, until the shown end has passed. A stored
 * snapshot may be a second old, so the countdown starts from when the estimate was made.
 */
class EtaCountdown {
  private endsAtMs: number | null = null;

  update(snapshot: DocumentSnapshot): void {
    const tracker = progressSnapshotSchema.safeParse(snapshot.get("execution_record.progress_tracker"));
    if (!tracker.success || tracker.data.eta_seconds === null) return;
    const madeAt = tracker.data.eta_at ? Date.parse(tracker.data.eta_at) : Date.now();
    const next = Math.min(Date.now(), madeAt) + tracker.data.eta_seconds * 1000;
    const shown = this.endsAtMs;
    this.endsAtMs = shown === null || shown <= Date.now() ? next : Math.min(shown, next);
  }

  text(): string {
    if (this.endsAtMs === null) return "estimating time left";
    const left = (this.endsAtMs - Date.now()) / 1000;
    return left >= 0.5 ? `about ${left < 10 ? left.toFixed(1) : Math.round(left)} s left` : "almost done";
  }
}

function printOutcome(data: DocumentData): void {
  const record = data.execution_record ?? {};
  if (data.status === "completed") {
    console.log(`\nCompleted with ${record.tool_used} (confidence ${record.tool_confidence})`);
    console.log(`Result:   ${record.result_summary}`);
    console.log(`Artifact: ${record.artifact_reference}`);
  } else {
    const error = record.error ?? {};
    console.log(`\nFailed at step ${error.step ?? "?"} (${error.kind ?? "unknown"}): ${error.message ?? "no message"}`);
  }
  console.log(
    `Took ${record.duration_ms ?? "?"} ms and ${record.document_writes ?? "?"} writes to the mission document.`,
  );
}

async function main(): Promise<void> {
  const objective = process.argv.slice(2).join(" ").trim();
  if (!objective) {
    console.error('usage: npm run mission -- "<objective>"   (with `npm start` running)');
    process.exit(2);
  }
  await assertReachable(useEmulatorDefaults());
  const db = firestore();
  const ref = db.collection(MISSIONS).doc();
  await ref.set({ owner_uid: "cli", objective, status: "draft", created_at: FieldValue.serverTimestamp() });
  await ref.update({
    status: "approved",
    approved_at: FieldValue.serverTimestamp(),
    updated_at: FieldValue.serverTimestamp(),
  });
  console.log(`Mission ${ref.id} approved: ${objective}`);

  const bar = new SingleBar({
    format: "Execution |{bar}| {value}% | {step} | {eta}",
    barCompleteChar: "█",
    barIncompleteChar: "░",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 1000,
  });
  const eta = new EtaCountdown();
  bar.start(100, 0, { step: "Waiting for the trigger", eta: eta.text() });
  const ticker = setInterval(() => bar.update({ eta: eta.text() }), 250);

  const final = await new Promise<DocumentData>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`mission ${ref.id} did not finish within ${WAIT_LIMIT_MS / 1000} s`));
    }, WAIT_LIMIT_MS);
    const stop = ref.onSnapshot(
      (snapshot) => {
        const { percent, step, final } = barState(snapshot);
        eta.update(snapshot);
        bar.update(percent, { step, eta: final ? "" : eta.text() });
        if (final) {
          clearTimeout(timer);
          stop();
          resolvePromise(final);
        }
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  clearInterval(ticker);
  bar.stop();
  printOutcome(final);
  if (final.execution_record?.artifact_reference) {
    const artifact = await db.doc(final.execution_record.artifact_reference).get();
    console.log(`\nArtifact content:\n${String(artifact.get("content")).slice(0, 4000)}`);
  }
  process.exit(final.status === "completed" ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`mission failed to run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
