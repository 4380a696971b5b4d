import { defineInt, defineString } from "firebase-functions/params";
import { loadNetLimits } from "../net/netConfig";
import { paramValue } from "../paramValue";
import { createModelPlanner } from "./modelPlanner";
import type { ModelPlanner } from "./proposal";

import { plannerApiKey } from "./plannerSecret";

export { plannerApiKey };

export const plannerParams = {
  planner: defineString("PLANNER", {
    default: "rules",
    description:
      'Who decides the tool when the plan names none: "rules" (deterministic, offline) or "llm" (an OpenAI-compatible chat-completions model; the rules when it fails).',
  }),
  baseUrl: defineString("PLANNER_BASE_URL", {
    default: "https://api.openai.com/v1",
    description:
      "OpenAI-compatible API base (/chat/completions is appended): OpenAI, Gemini's https://generativelanguage.googleapis.com/v1beta/openai, Ollama's http://host:11434/v1, vLLM, llama.cpp server.",
  }),
  model: defineString("PLANNER_MODEL", {
    default: "gpt-4o-mini",
    description: "The model the planner asks (any model of that server that supports function calling).",
  }),
  timeoutMs: defineInt("PLANNER_TIMEOUT_MS", {
    default: 10_000,
    description: "Longest wait for the model's answer; after it, the rules decide.",
  }),
  costMicroUsd: defineInt("COST_PLANNER_MICROUSD", {
    default: 1_000,
    description:
      "Estimated cost of one planner call, in millionths of a US dollar (reserved and settled with the run's cost).",
  }),
};

/** The model planner when PLANNER=llm, else none (the rules decide). Read at run time. */
export function loadModelPlanner(): ModelPlanner | undefined {
  if (paramValue(plannerParams.planner) !== "llm") return undefined;
  return createModelPlanner({
    baseUrl: paramValue(plannerParams.baseUrl),
    model: paramValue(plannerParams.model),
    apiKey: plannerApiKey.value(),
    costMicroUsd: paramValue(plannerParams.costMicroUsd),
    timeoutMs: paramValue(plannerParams.timeoutMs),
    net: loadNetLimits(),
  });
}
