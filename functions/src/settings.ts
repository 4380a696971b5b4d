import { defineBoolean, defineInt, defineString, type Param } from "firebase-functions/params";
import { paramValue } from "./paramValue";

/**
 * One declaration per setting. A setting is written once, as an entry of a module's settings
 * table (`intSetting(...)`, `stringSetting(...)`, `booleanSetting(...)`); from it follow the
 * Functions param (what `firebase deploy` prompts for and `functions/.env.<project>` sets), the
 * TypeScript type of its value (`SettingValues<typeof table>`) and its loading, checked against
 * the declared bounds (`loadSettings(table)`). docs/architecture.md "Settings" says how to add one.
 *
 * The bounds are checked by hand, not with zod: every instance loads this module with the
 * functions' definitions (params, region, secrets), and zod would cost each cold start ~50 ms
 * for three comparisons (docs/capacity.md, "Cold start").
 */

interface SettingSpec<T> {
  /** The param's name: the environment variable firebase-tools sets. Never rename a deployed one. */
  readonly name: string;
  readonly default: T;
  /** Shown by `firebase deploy` when it prompts for the value. */
  readonly description: string;
}

export interface IntSpec extends SettingSpec<number> {
  readonly min: number;
  /** Absent: no upper bound. */
  readonly max?: number;
}

export interface StringSpec extends SettingSpec<string> {
  /** When present, the only values accepted. */
  readonly oneOf?: readonly string[];
}

export type BooleanSpec = SettingSpec<boolean>;

/** A declared setting: its spec, its Functions param, and the check its value must pass. */
export interface Setting<T extends number | string | boolean> {
  readonly kind: "int" | "string" | "boolean";
  readonly spec: SettingSpec<T> & { readonly min?: number; readonly max?: number; readonly oneOf?: readonly string[] };
  /** The Functions param (an Expression: options such as `region` accept it). */
  readonly param: Param<T>;
  /** Why `value` is not a valid value of this setting, or null when it is. */
  readonly problem: (value: unknown) => string | null;
}

export type AnySetting = Setting<number> | Setting<string> | Setting<boolean>;
export type SettingsTable = Readonly<Record<string, AnySetting>>;

/** The value type of each setting of a table, inferred from the declarations. */
export type SettingValues<Table extends SettingsTable> = {
  [Key in keyof Table]: Table[Key] extends Setting<infer T> ? T : never;
};

export function intSetting(spec: IntSpec): Setting<number> {
  return {
    kind: "int",
    spec,
    param: defineInt(spec.name, { default: spec.default, description: spec.description }),
    problem: (value) => {
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number";
      if (value < spec.min) return `must be at least ${spec.min}`;
      return spec.max !== undefined && value > spec.max ? `must be at most ${spec.max}` : null;
    },
  };
}

export function stringSetting(spec: StringSpec): Setting<string> {
  const oneOf = spec.oneOf;
  return {
    kind: "string",
    spec,
    param: defineString(spec.name, { default: spec.default, description: spec.description }),
    problem: (value) => {
      if (typeof value !== "string") return "must be a string";
      return oneOf && !oneOf.includes(value) ? `must be one of ${oneOf.join(", ")}` : null;
    },
  };
}

export function booleanSetting(spec: BooleanSpec): Setting<boolean> {
  return {
    kind: "boolean",
    spec,
    param: defineBoolean(spec.name, { default: spec.default, description: spec.description }),
    problem: (value) => (typeof value === "boolean" ? null : "must be true or false"),
  };
}

/** Thrown when a configured value is outside its setting's bounds; the message names the setting. */
export class SettingError extends Error {
  override name = "SettingError";
}

/** A setting's value (its default when nothing set it), checked against its declaration. */
export function settingValue<T extends number | string | boolean>(setting: Setting<T>): T {
  const raw = paramValue(setting.param);
  const problem = setting.problem(raw);
  if (problem !== null) throw new SettingError(`setting ${setting.spec.name}=${JSON.stringify(raw)}: ${problem}`);
  return raw;
}

/** Every setting of a table, loaded and checked, typed from the declarations. */
export function loadSettings<Table extends SettingsTable>(table: Table): SettingValues<Table> {
  const values: Record<string, number | string | boolean> = {};
  for (const [key, setting] of Object.entries(table)) values[key] = settingValue<number | string | boolean>(setting);
  return values as SettingValues<Table>;
}
