/**
 * npm run mission -- "What is 15% of 2340?"
 * npm run mission -- --dry-run "What is 15% of 2340?"   (the decision only; creates nothing)
 *
 * Creates a mission in the running emulator suite (`npm start`), approves it, shows a live
 * progress bar fed by the mission document, then prints the result and the artifact.
 * Exit code: 0 completed, 1 failed, 2 could not run.
 */
import { MultiBar } from "cli-progress";
import { FieldValue, type DocumentData } from "firebase-admin/firestore";
import { firestore, MISSIONS } from "../functions/src/firebase";
import { EtaCountdown } from "./etaCountdown";
import { printDryRun } from "./missionDryRun";
import { StepReplay, type Frame } from "./missionBar";
import { address, suitePorts } from "./ports";

const PROJECT_ID = "demo-mission-control";
const WAIT_LIMIT_MS = 10 * 60 * 1000;
/** How long each replayed step stays on the bar: long enough to read, short enough not to lag. */
const FRAME_MS = 120;

/** Shows frames one at a time, each for at least FRAME_MS, in the order they arrived. */
class FramePlayer {
  private queue: Frame[] = [];
  private playing: Promise<void> = Promise.resolve();

  constructor(private readonly show: (frame: Frame) => void) {}

  enqueue(frames: Frame[]): void {
    this.queue.push(...frames);
    this.playing = this.playing.then(() => this.play());
  }

  private async play(): Promise<void> {
    for (let frame = this.queue.shift(); frame; frame = this.queue.shift()) {
      this.show(frame);
      if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
    }
  }

  drained(): Promise<void> {
    return this.playing;
  }
}

/** The suite's Firestore emulator (MC_PORT_BASE picks the suite, as for `npm start`). */
function useEmulatorDefaults(): string {
  process.env.FIRESTORE_EMULATOR_HOST ??= address(suitePorts().firestore);
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
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  const objective = args
    .filter((arg) => arg !== "--dry-run")
    .join(" ")
    .trim();
  if (!objective) {
    console.error('usage: npm run mission -- [--dry-run] "<objective>"   (with `npm start` running)');
    process.exit(2);
  }
  // The decision only: what would run, and its cost (scripts/missionDryRun.ts).
  if (dryRun) process.exit(await printDryRun(objective));
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

  const bars = new MultiBar({
    format: "Execution |{bar}| {value}% | {step} | {eta}",
    barCompleteChar: "█",
    barIncompleteChar: "░",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 1000,
  });
  const eta = new EtaCountdown();
  const bar = bars.create(100, 0, { step: "Waiting for the trigger", eta: eta.text() });
  const ticker = setInterval(() => bar.update({ eta: eta.text() }), 250);
  const player = new FramePlayer((frame) => {
    if (frame.line) bars.log(`${frame.line}\n`);
    bar.update(frame.percent, { step: frame.step, eta: frame.percent >= 100 ? "" : eta.text() });
    // Draw now (log lines only print on a redraw): each frame is on screen for its FRAME_MS.
    bars.update();
  });
  const replay = new StepReplay();

  const final = await new Promise<DocumentData>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`mission ${ref.id} did not finish within ${WAIT_LIMIT_MS / 1000} s`));
    }, WAIT_LIMIT_MS);
    const stop = ref.onSnapshot(
      (snapshot) => {
        const { frames, final } = replay.framesFor(snapshot);
        eta.update(snapshot);
        player.enqueue(frames);
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
  await player.drained();
  clearInterval(ticker);
  bars.stop();
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
