// Bundles what each deployed function loads into one file per function (issue 20, cold start):
// lib/bundle/index.js (the functions' definitions, which every instance loads) and one bundle
// per handler module, which index.js requires on the function's first invocation. One file
// instead of ~150 and zod without its module graph load in about 40 ms less
// (docs/capacity.md, "Cold start"). `package.json` "main" points here, so the emulators run
// and `firebase deploy` ships exactly these files.
//
// What stays a package (required at run time from node_modules): firebase-functions and
// firebase-admin, which read files beside their own code, and every library only a tool uses
// (mathjs, cheerio, linkedom …), which stay behind the tool's lazy import. zod is bundled.
// The per-module build (tsc, lib/**) stays for the scorers and scripts that load one module.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "lib", "bundle");

/** Each handler module index.ts imports lazily, and its bundle's name (flat: lib/bundle/<name>.js). */
const HANDLER_BUNDLES = {
  "./http/api.js": "api",
  "./triggers/sweeper.js": "sweeper",
  "./triggers/missionWritten.js": "missionWritten",
  "./triggers/notifications.js": "notifications",
};
const BUNDLED_PACKAGES = new Set(["zod"]);

const { dependencies } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const external = Object.keys(dependencies)
  .filter((name) => !BUNDLED_PACKAGES.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/** index.ts's lazy imports stay imports, of the handler's own bundle: each instance loads one. */
const handlersStayOutOfIndex = {
  name: "handlers-stay-out-of-index",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/(http|triggers)\// }, (args) => {
      const bundle = HANDLER_BUNDLES[args.path];
      if (!bundle || !args.importer.endsWith(join("src", "index.ts"))) return undefined;
      return { path: `./${bundle}.js`, external: true };
    });
  },
};

const result = await build({
  entryPoints: [
    { in: join(here, "src", "index.ts"), out: "index" },
    ...Object.entries(HANDLER_BUNDLES).map(([module, out]) => ({
      in: join(here, "src", module.replace(/\.js$/, ".ts")),
      out,
    })),
  ],
  outdir,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external,
  plugins: [handlersStayOutOfIndex],
  // Not minified: stack traces in Cloud Logging name the code as written.
  metafile: true,
  logLevel: "warning",
});

// What went into each bundle, for test/unit/coldModules.test.ts.
writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile, null, 1));
const sizes = Object.entries(result.metafile.outputs)
  .map(([file, output]) => `${file.split("/").at(-1)} ${(output.bytes / 1024).toFixed(0)} KiB`)
  .join(", ");
console.log(`function bundles: ${sizes}`);
