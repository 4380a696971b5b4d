// Bundles the whiteboard's browser program (src/main.ts and what it imports, the Firebase JS
// SDK included) into one static script, and its stylesheet (whiteboard.css and the files it
// imports) into one static stylesheet. The functions build runs it, so `npm run build` and
// the functions' predeploy both produce them next to the compiled server that serves them:
// functions/lib/whiteboard/app.js and app.css, deployed with the function and served unchanged.
import { build } from "esbuild";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "..", "functions", "lib", "whiteboard");

await build({
  // One name, two files: app.js and app.css, the names the page links.
  entryPoints: [
    { in: join(here, "src", "main.ts"), out: "app" },
    { in: join(here, "whiteboard.css"), out: "app" },
  ],
  outdir,
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

for (const name of ["app.js", "app.css"]) {
  const file = join(outdir, name);
  const bytes = statSync(file).size;
  const gzipped = gzipSync(readFileSync(file)).length;
  console.log(
    `whiteboard bundle: ${relative(process.cwd(), file)} ${(bytes / 1024).toFixed(1)} KiB (${(gzipped / 1024).toFixed(1)} KiB gzipped)`,
  );
}
