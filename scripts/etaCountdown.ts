import type { DocumentSnapshot } from "firebase-admin/firestore";
import { progressSnapshotSchema } from "../functions/src/progress/schema";

/**
 * "about 6 s left", counted down locally between snapshots and never up: a longer estimate
 * holds the countdown rather than adding seconds, until the shown end has passed. A stored
 * snapshot may be a second old, so the countdown starts from when the estimate was made.
 */
export class EtaCountdown {
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
