import * as z from "zod";
import { formatIssues } from "../../missions/formatIssues";
import { missionPlanSchema, missionSchema, ownerUidSchema } from "../../missions/schema";
import { missionStatusSchema } from "../../missions/schema";
import { badRequest } from "../errors";

/**
 * The bodies and queries of the REST routes (http/missions/missionRoutes.ts, http/missions/missionRun.ts), parsed
 * here and described from the same schemas in the OpenAPI document (http/openapi.ts).
 */

/** `POST /api/missions`: the mission fields a client may choose; the rest is the server's. */
export const createMissionBody = z.strictObject({
  objective: missionSchema.shape.objective,
  budget: missionSchema.shape.budget,
  plan: missionPlanSchema.optional(),
  approve: z.boolean().optional(),
});
export type CreateMissionBody = z.infer<typeof createMissionBody>;

/** A decimal query value: coercion would also take `limit[]=1` and `1e1`. */
const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,4}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const MAX_WAIT_SECONDS = 60;
export const approveQuery = z.strictObject({ wait: decimal(0, MAX_WAIT_SECONDS).optional() });

export const MAX_LIST_LIMIT = 100;
export const listQuery = z.strictObject({
  status: missionStatusSchema.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: decimal(1, MAX_LIST_LIMIT).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/)
    .optional(),
  owner: ownerUidSchema.optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** The `Idempotency-Key` header: printable, short enough to be part of a document id. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);

/** Parses `value` or throws a 400 naming the field (`where` prefixes it: "query", "body"). */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw badRequest(`${where}: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
