import { defineSecret } from "firebase-functions/params";

/**
 * The model planner's key. Bound only to the mission trigger (index.ts), the one function
 * that asks the model; `POST /api/plan` previews without it. In a file of its own because
 * index.ts, which every instance loads, needs the declaration and nothing else: the planner
 * (plannerConfig.ts) reaches the tool input schemas and, through calculate, mathjs.
 */
export const plannerApiKey = defineSecret("PLANNER_API_KEY");
