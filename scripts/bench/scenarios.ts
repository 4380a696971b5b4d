/**
 * Every benchmark scenario, in the order `npm run bench` runs them. To add one: write a file
 * exporting a Scenario (scenario.ts) and add it to this list.
 */
import { analytics } from "./analytics";
import { coalescing } from "./coalescing";
import { coldStart } from "./coldStart";
import { durability } from "./durability";
import { eta } from "./eta";
import { concurrency } from "./concurrency";
import { extract } from "./extract";
import { fairness } from "./fairness";
import { latency } from "./latency";
import { memory } from "./memory";
import { operations } from "./operations";
import { sustained } from "./sustained";
import type { Scenario } from "./scenario";

export const SCENARIOS: readonly Scenario[] = [
  coldStart, // fresh Node processes, no emulator: first, before the emulators warm anything
  latency,
  operations,
  concurrency,
  coalescing,
  extract,
  memory, // fresh processes, no emulator needed
  durability,
  sustained,
  eta,
  fairness,
  analytics, // seeds 10,000 missions: keep it last
];
