import * as z from "zod";
import { errorMessage } from "../errors";
import { GuardedFetcher } from "../net/guardedFetch";
import type { NetLimits } from "../net/netConfig";
import { TOOL_NAMES } from "../shared/toolNames";
import { TOOL_CATALOG } from "../tools/catalog";
import { toolInputSchemas } from "../tools/inputs";
import type { ModelPlanner, PlannerProposal } from "./proposal";

export interface ModelPlannerConfig {
  /** An OpenAI-compatible API base, e.g. https://api.openai.com/v1 (`/chat/completions` is appended). */
  baseUrl: string;
  model: string;
  apiKey: string;
  costMicroUsd: number;
  timeoutMs: number;
  net: NetLimits;
}

/** The "no tool" function: the model says why no tool can serve the objective. */
export const NO_TOOL = "no_tool";

const noToolArgumentsSchema = z.object({
  reason: z.string().trim().min(1).describe("Why no tool can serve the objective"),
});

const SYSTEM_PROMPT =
  "You choose the one tool that serves the user's objective and its input. Call exactly one function. " +
  `If no tool can serve the objective (sending email, writing a poem, chit-chat), call ${NO_TOOL} with a short reason.`;

interface FunctionTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** A zod schema as the protocol's `parameters` (JSON Schema, without the `$schema` line some servers refuse). */
function parametersOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _schema, ...parameters } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return parameters;
}

/** The request body: one function per tool with its input schema, plus `no_tool`. */
export function chatRequest(model: string, objective: string) {
  const schemas = toolInputSchemas({ allowLoopback: false });
  const tools: FunctionTool[] = TOOL_NAMES.map((name) => ({
    type: "function",
    function: { name, description: TOOL_CATALOG[name].description, parameters: parametersOf(schemas[name]) },
  }));
  tools.push({
    type: "function",
    function: {
      name: NO_TOOL,
      description: "No tool can serve the objective; say why in words the user can act on.",
      parameters: parametersOf(noToolArgumentsSchema),
    },
  });
  return {
    model,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: objective },
    ],
    tools,
    // The model must call a function: a tool, or no_tool; a text-only reply is not an answer.
    tool_choice: "required",
    temperature: 0,
  };
}

/** The part of a chat-completions response this reads (other fields are ignored). */
const chatResponseSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.string() }) })).nullish(),
        }),
      }),
    )
    .min(1),
});

/** Reads a chat-completions reply into a proposal (never throws). */
export function proposalFrom(status: number, body: string): PlannerProposal {
  if (status === 429 || status >= 500) return { kind: "unusable", why: `the model server answered HTTP ${status}` };
  if (status < 200 || status >= 300) {
    return { kind: "unusable", why: `the model server refused the request (HTTP ${status}: ${body.slice(0, 200)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "unusable", why: "the model server's reply is not JSON" };
  }
  const parsed = chatResponseSchema.safeParse(json);
  if (!parsed.success) return { kind: "unusable", why: "the model server's reply is not a chat completion" };
  const calls = parsed.data.choices[0]?.message.tool_calls ?? [];
  const call = calls[0];
  if (!call) return { kind: "unusable", why: "the model answered with text only, calling no function" };
  if (calls.length > 1) return { kind: "unusable", why: `the model called ${calls.length} functions, not one` };
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments);
  } catch {
    return { kind: "unusable", why: `the model's ${call.function.name} arguments are not valid JSON` };
  }
  if (call.function.name === NO_TOOL) {
    const reason = noToolArgumentsSchema.safeParse(args);
    return reason.success
      ? { kind: "no_tool", reason: reason.data.reason }
      : { kind: "unusable", why: `the model's ${NO_TOOL} call has no reason` };
  }
  return { kind: "tool", name: call.function.name, arguments: args };
}

/**
 * A planner that asks an OpenAI-compatible chat-completions server (OpenAI, Gemini's
 * OpenAI-compatible endpoint, Ollama, vLLM, the llama.cpp server) which tool to run, through
 * the guarded fetch. It only proposes: decideTool checks the call exactly like a plan.
 */
export function createModelPlanner(config: ModelPlannerConfig): ModelPlanner {
  const endpoint = `${config.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    costMicroUsd: config.costMicroUsd,
    async propose(objective) {
      const fetcher = new GuardedFetcher(config.net);
      try {
        const response = await fetcher.get(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` },
          body: JSON.stringify(chatRequest(config.model, objective)),
          timeoutMs: config.timeoutMs,
          maxBytes: 256 * 1024,
        });
        return proposalFrom(response.status, response.body.toString("utf8"));
      } catch (error) {
        return { kind: "unusable", why: `the model server could not be reached: ${errorMessage(error)}` };
      } finally {
        await fetcher.close();
      }
    },
  };
}
