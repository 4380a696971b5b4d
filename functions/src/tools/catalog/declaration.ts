import type { SecretParam } from "firebase-functions/params";
import type * as z from "zod";
import type { AddressPolicy } from "../../net/addressPolicy";
import type { ToolEta } from "../../progress/etaModel";
import type { Setting } from "../../settings";
import type { ToolName } from "../../shared/toolNames";
import type { DecisionType, Tool } from "../types";

/**
 * Everything the backend knows of a tool before it runs, declared in one module per tool
 * (this folder) and registered in one line (./index.ts). The registry, the input checks, the
 * model planner's function list, the ETA model, the evaluation and the learning signal read it
 * from here; what cannot (the rules' tool list, the mission function's secrets, the README's
 * tool table) is checked against it by test/unit/toolCatalog.test.ts, which names what is
 * missing. docs/adding-a-tool.md walks through adding one.
 */
export interface ToolDeclaration<Name extends ToolName = ToolName> {
  readonly name: Name;
  /** What it does, for the model planner's function list (and people). */
  readonly description: string;
  /** The kind of work it does, as analytics and the learning signal count it. */
  readonly kind: DecisionType;
  /** The intents it can serve (its kind first); selection refuses a planned tool outside them. */
  readonly serves: readonly DecisionType[];
  /**
   * True when running it reaches nothing outside this process (no network, no writes, no
   * cost), so a run may execute it before its claim is written.
   */
  readonly pure: boolean;
  /** Its estimated cost per mission (config.ts `toolCostSettings`, keyed by every tool name). */
  readonly cost: Setting<number>;
  /**
   * Its input, checked before it is chosen (a plan, a model's proposal, the rules' derived
   * input) and described to the model planner; URLs are checked under `policy`.
   */
  input(policy: AddressPolicy): z.ZodType<Record<string, unknown>>;
  /** How the ETA models its time with no history: page by page or one step, and how long. */
  readonly eta: ToolEta;
  /** The input field the objective supplies (a plan that gives it is not second-guessed by the rules). */
  readonly mainInput: string;
  /** Its `stoppedBecause` values that mean "done as asked"; any other counts as cut short. */
  readonly normalEndings: readonly string[];
  /** The secrets it reads; the mission function binds them (index.ts, checked by a test). */
  readonly secrets: readonly SecretParam[];
  /** Loads the tool itself (its libraries load when a mission first runs it, not at start). */
  load(): Promise<Tool>;
}
