// Bundles the whiteboard's browser program (src/main.ts and what it imports, the Firebase JS
// SDK included) into one static script. The functions build runs it, so `npm run build` and
// the functions' predeploy both produce it next to the compiled server that serves it:
// functions/lib/whiteboard/app.js, deployed with the function and served unchanged.
import { build } from "esbuild";
import { statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "..", "..", "functions", "lib", "whiteboard", "app.js");

await build({
  entryPoints: [join(here, "src", "main.ts")],
  outfile,
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  // Kept out of the served file (the page's CSP and the tests read the script as it is).
  sourcemap: false,
  legalComments: "none",
  tsconfig: join(here, "tsconfig.json"),
  logLevel: "warning",
});

const bytes = statSync(outfile).size;
const gzipped = gzipSync(readFileSync(outfile)).length;
console.log(
  `whiteboard bundle: ${relative(process.cwd(), outfile)} ${(bytes / 1024).toFixed(1)} KiB (${(gzipped / 1024).toFixed(1)} KiB gzipped)`,
);
