import type { Mission, MissionPlan } from "../missions/schema";
import type { AddressPolicy } from "../net/addressPolicy";
import { loadNetLimits } from "../net/netConfig";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import { TOOL_CATALOG } from "../tools/catalog";
import { checkToolInput } from "../tools/inputs";
import type { ToolInput } from "../tools/types";
import type { ModelPlanner } from "./proposal";
import { classifyObjective } from "./rules";
import type { ToolDecision } from "./types";

export interface DecisionDeps {
  /** Each tool's price, in millionths of a US dollar (the estimate of the chosen tool). */
  toolCostMicroUsd: Readonly<Record<ToolName, number>>;
  /** Which URLs web_extract may be given (loopback only on the emulator). */
  urlPolicy: AddressPolicy;
  /** A model planner (PLANNER=llm), asked when the mission's plan names no tool. */
  planner?: ModelPlanner;
}

/** The deps as deployed: the URL policy from the fetch params (loopback only on the emulator). */
export function deployedDecisionDeps(
  toolCostMicroUsd: DecisionDeps["toolCostMicroUsd"],
  planner?: ModelPlanner,
): DecisionDeps {
  const urlPolicy = { allowLoopback: loadNetLimits().allowLoopback };
  return planner ? { toolCostMicroUsd, urlPolicy, planner } : { toolCostMicroUsd, urlPolicy };
}

type DecisionSubject = Pick<Mission, "objective" | "plan">;

/** The tools, as a refusal names them so the person knows what can be asked. */
export const TOOLS_IN_WORDS =
  "the tools are calculate (arithmetic), web_search (a question for the web) and web_extract (read a page at a URL)";

/**
 * The one tool decision of a mission, in this order:
 * 1. a plan that names a tool runs that tool when its input passes the tool's own checks;
 *    an invalid plan is kept with `invalid_plan` naming the field (tool_selection fails with
 *    it), never replaced;
 * 2. otherwise a model planner, when configured: its proposal is checked exactly like a
 *    plan; an unusable answer falls back to the rules, and `fallback` says why;
 * 3. otherwise the rules (deterministic, offline). A plan with an input but no tool fills in
 *    the input of the tool the rules chose.
 * No tool means a refusal with a reason a person can act on, at no cost.
 */
export async function decideTool(mission: DecisionSubject, deps: DecisionDeps): Promise<ToolDecision> {
  const plan = mission.plan;
  if (plan?.tool) return planned(mission.objective, plan, plan.tool, deps);
  if (deps.planner) return modelDecision(mission, deps.planner, deps);
  return rulesDecision(mission, deps);
}

function planned(objective: string, plan: MissionPlan, tool: ToolName, deps: DecisionDeps): ToolDecision {
  // A plan that names its tool but leaves out its input gets what the rules derive for that
  // same tool (the objective's URL, expression or query), never another tool's.
  const verdict = plan.input && requiredFieldsGiven(tool, plan.input) ? null : classifyObjective(objective);
  const derived: ToolInput = verdict?.tool === tool ? verdict.input : tool === "web_search" ? { query: objective } : {};
  const checked = checkToolInput(tool, { ...derived, ...plan.input }, deps.urlPolicy, "plan.input");
  const why = plan.reason ? `: ${plan.reason}` : "";
  if (!checked.ok) return invalidPlan(tool, { ...derived, ...plan.input }, "plan", checked.message);
  return {
    tool,
    input: checked.input,
    source: "plan",
    confidence: 1,
    reason: `the plan chose ${tool}${why}; its input passes ${tool}'s checks`,
    estimate_microusd: deps.toolCostMicroUsd[tool],
  };
}

function requiredFieldsGiven(tool: ToolName, input: ToolInput): boolean {
  return input[TOOL_CATALOG[tool].mainInput] !== undefined;
}

function invalidPlan(tool: ToolName, input: ToolInput, source: "plan" | "rules", message: string): ToolDecision {
  return {
    tool,
    input,
    source,
    confidence: 1,
    reason: `the plan's input for ${tool} does not pass its checks`,
    estimate_microusd: 0,
    invalid_plan: message,
  };
}

function rulesDecision(mission: DecisionSubject, deps: DecisionDeps, fallback?: string): ToolDecision {
  const verdict = classifyObjective(mission.objective);
  const plannerCost = fallback === undefined ? 0 : (deps.planner?.costMicroUsd ?? 0);
  const extra = fallback === undefined ? {} : { fallback, planner_cost_microusd: plannerCost };
  if (verdict.tool === null) return refusal("rules", verdict.confidence, verdict.reason, plannerCost, extra);
  const planInput = mission.plan?.input;
  const input = { ...verdict.input, ...planInput };
  const checked = checkToolInput(verdict.tool, input, deps.urlPolicy, planInput ? "plan.input" : "input");
  if (!checked.ok) {
    // A plan's input that does not fit the rules' tool fails naming its field; the rules'
    // own derivation that no tool accepts (a private address, say) is a refusal.
    if (planInput) return { ...invalidPlan(verdict.tool, input, "rules", checked.message), ...extra };
    return refusal(
      "rules",
      verdict.confidence,
      `${verdict.tool} cannot take this objective's ${checked.message}`,
      plannerCost,
      extra,
    );
  }
  return {
    tool: verdict.tool,
    input: checked.input,
    source: "rules",
    confidence: verdict.confidence,
    reason: verdict.reason,
    estimate_microusd: deps.toolCostMicroUsd[verdict.tool] + plannerCost,
    ...extra,
  };
}

function refusal(
  source: "rules" | "llm",
  confidence: number,
  why: string,
  costMicroUsd: number,
  extra: Partial<ToolDecision>,
): ToolDecision {
  const refusalText = why.includes("the tools are") ? why : `${why}; ${TOOLS_IN_WORDS}`;
  return {
    tool: null,
    input: {},
    source,
    confidence,
    reason: why,
    estimate_microusd: costMicroUsd,
    refusal: refusalText,
    ...extra,
  };
}

async function modelDecision(
  mission: DecisionSubject,
  planner: ModelPlanner,
  deps: DecisionDeps,
): Promise<ToolDecision> {
  const proposal = await planner.propose(mission.objective);
  const cost = planner.costMicroUsd;
  const called = { planner_cost_microusd: cost };
  switch (proposal.kind) {
    case "unusable":
      return rulesDecision(
        mission,
        deps,
        `the model planner's answer was not used (${proposal.why}); the rules decided`,
      );
    case "no_tool":
      return refusal(
        "llm",
        0.9,
        `the model planner found no tool for this objective: ${proposal.reason}`,
        cost,
        called,
      );
    case "tool": {
      const tool = TOOL_NAMES.find((name) => name === proposal.name);
      if (!tool) {
        return rulesDecision(
          mission,
          deps,
          `the model planner proposed an unknown tool "${proposal.name}"; the rules decided`,
        );
      }
      const args = isRecord(proposal.arguments) ? proposal.arguments : null;
      const checked = args
        ? checkToolInput(tool, { ...args, ...mission.plan?.input }, deps.urlPolicy, "arguments")
        : null;
      if (!checked?.ok) {
        const why = checked ? checked.message : "arguments is not a JSON object";
        return rulesDecision(
          mission,
          deps,
          `the model planner's ${tool} call failed its checks (${why}); the rules decided`,
        );
      }
      return {
        tool,
        input: checked.input,
        source: "llm",
        confidence: 0.9,
        reason: `the model planner chose ${tool}; its arguments pass ${tool}'s checks`,
        estimate_microusd: deps.toolCostMicroUsd[tool] + cost,
        ...called,
      };
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
