import { loadNetLimits } from "../net/netConfig";
import { intSetting, loadSettings, settingValue, stringSetting } from "../settings";
import { createModelPlanner } from "./modelPlanner";
import type { ModelPlanner } from "./proposal";

import { plannerApiKey } from "./plannerSecret";

export { plannerApiKey };

export const plannerParams = {
  planner: stringSetting({
    name: "PLANNER",
    default: "rules",
    oneOf: ["rules", "llm"],
    description:
      'Who decides the tool when the plan names none: "rules" (deterministic, offline) or "llm" (an OpenAI-compatible chat-completions model; the rules when it fails).',
  }),
  baseUrl: stringSetting({
    name: "PLANNER_BASE_URL",
    default: "https://api.openai.com/v1",
    description:
      "OpenAI-compatible API base (/chat/completions is appended): OpenAI, Gemini's https://generativelanguage.googleapis.com/v1beta/openai, Ollama's http://host:11434/v1, vLLM, llama.cpp server.",
  }),
  model: stringSetting({
    name: "PLANNER_MODEL",
    default: "gpt-4o-mini",
    description: "The model the planner asks (any model of that server that supports function calling).",
  }),
  timeoutMs: intSetting({
    name: "PLANNER_TIMEOUT_MS",
    default: 10_000,
    min: 100,
    max: 120_000,
    description: "Longest wait for the model's answer; after it, the rules decide.",
  }),
  costMicroUsd: intSetting({
    name: "COST_PLANNER_MICROUSD",
    default: 1_000,
    min: 0,
    description:
      "Estimated cost of one planner call, in millionths of a US dollar (reserved and settled with the run's cost).",
  }),
};

/** The model planner when PLANNER=llm, else none (the rules decide). Read at run time. */
export function loadModelPlanner(): ModelPlanner | undefined {
  if (settingValue(plannerParams.planner) !== "llm") return undefined;
  const { baseUrl, model, costMicroUsd, timeoutMs } = loadSettings(plannerParams);
  return createModelPlanner({
    baseUrl,
    model,
    apiKey: plannerApiKey.value(),
    costMicroUsd,
    timeoutMs,
    net: loadNetLimits(),
  });
}
