import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { analyticsShards } from "../../functions/src/analytics/shards";
import { budgetShards } from "../../functions/src/pipeline/budget/ledgerDay";
import { params, toolCostSettings } from "../../functions/src/config";
import { plannerParams } from "../../functions/src/decision/plannerConfig";
import { plannerApiKey } from "../../functions/src/decision/plannerSecret";
import { corsParams } from "../../functions/src/http/cors";
import { claimsParams } from "../../functions/src/http/currentClaims";
import { netParams } from "../../functions/src/net/netConfig";
import { notifyParams, webhookSecret } from "../../functions/src/notify/notifyConfig";
import { functionsRegion } from "../../functions/src/region";
import { settingValue, type AnySetting } from "../../functions/src/settings";
import { extractSettings, searchApiKey, searchSettings } from "../../functions/src/tools/webConfig";

/** Every settings table of the backend (a new one goes here; the .env.local check below notices one left out). */
const TABLES: Record<string, Readonly<Record<string, AnySetting>>> = {
  params,
  toolCostSettings,
  plannerParams,
  corsParams,
  claimsParams,
  netParams,
  notifyParams,
  searchSettings,
  extractSettings,
  region: { functionsRegion },
  analytics: { analyticsShards },
  budget: { budgetShards },
};
const SETTINGS: AnySetting[] = Object.values(TABLES).flatMap((table) => Object.values(table));
const SECRET_NAMES = [searchApiKey, plannerApiKey, webhookSecret].map((secret) => secret.name);
const SOURCE_ROOT = join(__dirname, "../../functions/src");

function envLocal(): Map<string, string> {
  const lines = readFileSync(join(__dirname, "../../functions/.env.local"), "utf8").split("\n");
  const entries = lines
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  return new Map(entries);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("settings: one declaration each (issue 23)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, saved);
  });

  it("every setting has a description, a unique name and a default within its bounds", () => {
    const names = SETTINGS.map((setting) => setting.spec.name);
    assert.deepEqual(
      names.filter((name, index) => names.indexOf(name) !== index),
      [],
      "settings declared twice",
    );
    for (const setting of SETTINGS) {
      assert.ok(setting.spec.description.trim().length > 10, `${setting.spec.name} has no description`);
      assert.equal(
        setting.problem(setting.spec.default),
        null,
        `${setting.spec.name}'s default ${String(setting.spec.default)} is outside its bounds`,
      );
    }
  });

  it("every param in functions/.env.local is a declared setting or secret, and every setting is there", () => {
    const env = envLocal();
    const declared = new Set([...SETTINGS.map((setting) => setting.spec.name), ...SECRET_NAMES]);
    assert.deepEqual(
      [...env.keys()].filter((name) => !declared.has(name)),
      [],
      "in .env.local but not declared",
    );
    assert.deepEqual(
      SETTINGS.map((setting) => setting.spec.name).filter((name) => !env.has(name)),
      [],
      "declared but not in .env.local",
    );
  });

  it("every value in functions/.env.local passes its setting's check", () => {
    const env = envLocal();
    for (const setting of SETTINGS) {
      const raw = env.get(setting.spec.name);
      if (raw === undefined) continue;
      process.env[setting.spec.name] = raw;
      assert.doesNotThrow(() => settingValue<number | string | boolean>(setting), setting.spec.name);
    }
  });

  it("a value outside its bounds is refused with an error naming the setting", () => {
    process.env.SEARCH_RESULT_COUNT = "50";
    assert.throws(() => settingValue(searchSettings.resultCount), /SEARCH_RESULT_COUNT=50: must be at most 20/);
    process.env.SEARCH_RESULT_COUNT = "0";
    assert.throws(() => settingValue(searchSettings.resultCount), /SEARCH_RESULT_COUNT=0: must be at least 1/);
    process.env.PLANNER = "oracle";
    assert.throws(() => settingValue(plannerParams.planner), /PLANNER="oracle": must be one of rules, llm/);
  });

  it("no module defines a param but through a setting declaration (functions/src/settings.ts)", () => {
    const offenders = sourceFiles(SOURCE_ROOT)
      .filter((path) => !path.endsWith("settings.ts"))
      .filter((path) => /\bdefine(Int|String|Boolean|List|Float)\(/.test(readFileSync(path, "utf8")));
    assert.deepEqual(offenders, [], "define a setting with intSetting/stringSetting/booleanSetting instead");
  });
});
