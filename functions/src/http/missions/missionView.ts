import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { isTerminal } from "../../missions/status";
import { statusOf } from "../../missions/approval";

/** Firestore values as JSON: timestamps become ISO strings, everything else is copied. */
export function toJson(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJson(inner)]));
  }
  return value;
}

function recordOf(doc: DocumentSnapshot): Record<string, unknown> {
  const record: unknown = doc.get("execution_record");
  return record && typeof record === "object" && !Array.isArray(record) ? (record as Record<string, unknown>) : {};
}

/** `GET /api/missions/{id}`: the mission and its execution record (checkpoint internals left out). */
export function missionView(doc: DocumentSnapshot): Record<string, unknown> {
  const data = doc.data() ?? {};
  const { checkpoint: _internal, ...record } = recordOf(doc);
  return {
    mission_id: doc.id,
    owner_uid: data.owner_uid ?? null,
    objective: data.objective ?? null,
    status: statusOf(data),
    budget: data.budget ?? null,
    plan: data.plan ?? null,
    created_at: toJson(data.created_at ?? null),
    updated_at: toJson(data.updated_at ?? null),
    approved_at: toJson(data.approved_at ?? null),
    cancel_requested_at: toJson(data.cancel_requested_at ?? null),
    execution_record: toJson(record),
  };
}

/** A row of `GET /api/missions`. */
export function missionSummary(doc: DocumentSnapshot): Record<string, unknown> {
  const record = recordOf(doc);
  const tracker = record.progress_tracker as Record<string, unknown> | undefined;
  return {
    mission_id: doc.id,
    objective: doc.get("objective") ?? null,
    status: statusOf(doc.data()),
    created_at: toJson(doc.get("created_at") ?? null),
    updated_at: toJson(doc.get("updated_at") ?? null),
    progress_percent: tracker?.progress_percent ?? 0,
    tool_used: record.tool_used ?? null,
    result_summary: record.result_summary ?? null,
  };
}

/**
 * The seed's `execute_mission()` result, from the mission's record: what `approve?wait=`
 * answers. `finished` is false when the wait ended first (the fields then show the run so far).
 */
export function executeResult(doc: DocumentSnapshot): Record<string, unknown> {
  const record = recordOf(doc);
  const status = statusOf(doc.data());
  const pick = (name: string) => toJson(record[name] ?? null);
  return {
    success: record.success === true && status === "completed",
    mission_id: doc.id,
    status,
    finished: status !== null && isTerminal(status),
    tool_used: pick("tool_used"),
    tool_confidence: pick("tool_confidence"),
    result_summary: pick("result_summary"),
    execution_result: pick("execution_result"),
    artifact_reference: pick("artifact_reference"),
    artifact_message: pick("artifact_message"),
    error: pick("error"),
    estimated_cost_microusd: pick("estimated_cost_microusd"),
    actual_cost_microusd: pick("actual_cost_microusd"),
    duration_ms: pick("duration_ms"),
    attempt: pick("attempt"),
    progress_tracker: pick("progress_tracker"),
  };
}
