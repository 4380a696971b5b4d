import type { Deadline } from "../shared/deadline";
import type { SubStepProgress } from "../progress/trackerTypes";
import type { ToolName } from "../shared/toolNames";

/** What the intent classifier decided the objective asks for. */
export type DecisionType = "calculation" | "extraction" | "search";

export type ToolInput = Record<string, unknown>;

export interface ToolRunContext {
  missionId: string;
  objective: string;
  /** Planning's input merged over what the classifier derived from the objective. */
  input: ToolInput;
  /** Sub-step progress; moves tool_execution between 55 % and 80 %. */
  reportProgress: (progress: SubStepProgress) => void;
  /** Its deadline, and its cancellation (`deadline.cancelled`, `deadline.signal`). */
  deadline: Deadline;
  /** The state a long tool saved (`saveCursor`) in an earlier attempt of this run, if any. */
  resume?: unknown;
  /** Saves resumable state (coalesced by the pipeline); a re-queued attempt gets it as `resume`. */
  saveCursor?: (cursor: unknown) => void;
}

export interface ToolResult {
  /** One sentence for people: what was found or computed. */
  summary: string;
  /** Small, structured outcome stored on the mission (`execution_record.execution_result`). */
  result: Record<string, unknown>;
  /** Full content for the artifact (capped there, never on the mission document). */
  content: unknown;
  /** What the run actually cost, in millionths of a US dollar. */
  costMicroUsd: number;
  /**
   * Why the tool stopped, when that is worth recording: "target_reached" and "no_more_pages"
   * are normal endings; anything else ("deadline", "page_cap", "no_new_items", …) means the
   * result may be incomplete, and the evaluation says so.
   */
  stoppedBecause?: string;
}

export interface Tool {
  readonly name: ToolName;
  /** The intents this tool can serve; selection refuses a planned tool outside them. */
  readonly serves: readonly DecisionType[];
  /**
   * True when running it reaches nothing outside this process (no network, no writes, no
   * cost), so a run may execute it before its claim is written. Absent means it does.
   */
  readonly pure?: boolean;
  run(context: ToolRunContext): Promise<ToolResult>;
}
