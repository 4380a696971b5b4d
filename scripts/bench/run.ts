/** `npm run bench`: every benchmark, one after the other, inside one emulator suite. */
import { benchAnalytics } from "./analytics";
import { benchDurability } from "./durability";
import { benchExtract } from "./extract";
import { benchPipeline } from "./pipeline";

async function main(): Promise<void> {
  console.log(`Benchmarks on ${new Date().toISOString()} (node ${process.version}); medians, shared noisy machine.`);
  await benchPipeline();
  await benchExtract();
  await benchDurability();
  await (await import("./eta.js")).benchEta();
  await benchAnalytics(); // seeds 10,000 missions: keep it last
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
