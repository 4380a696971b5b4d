import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The docs are checked against the code they describe: a moved file, a renamed script, a new
 * param or a dropped heading makes a doc claim false, and this test names it.
 */
const ROOT = path.resolve(__dirname, "../..");
const README = "README.md";
const DOCS = readdirSync(path.join(ROOT, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => `docs/${name}`);
const README_MAX_LINES = 400;

/** Where a doc may name a file from: the repo root, or the source folders docs abbreviate. */
const PATH_BASES = ["", "functions/src", "functions/src/tools", "functions", "scripts", "test", "web/whiteboard"];
/** Files the docs name that a build, a deploy or a bench writes; they are not in the repository. */
const GENERATED = new Set(["functions/package-lock.json", "test-results/bench.md", "test-results/bench.json"]);

/** Every file name in the parts of the repository docs talk about, for names given without a folder. */
function repositoryFileNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "lib") continue;
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else names.add(entry.name);
    }
  };
  for (const dir of ["functions/src", "scripts", "test", "web", "docs", ".ci"]) walk(dir);
  for (const entry of readdirSync(ROOT)) names.add(entry);
  return names;
}

/** The first capture group of every match of `pattern` (a global regular expression) in `text`. */
function captures(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1] ?? "");
}

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), "utf8");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const heading of captures(markdown, /^#{1,6} (.+)$/gm)) {
    anchors.add(
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
  }
  return anchors;
}

function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

function declaredParams(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) {
        const source = readFileSync(full, "utf8");
        for (const name of captures(
          source,
          /(?:define(?:Int|String|Boolean|Float|List|Secret)\(\s*|Setting\(\{\s*name:\s*)"([A-Z0-9_]+)"/g,
        )) {
          names.add(name);
        }
      }
    }
  };
  walk(path.join(ROOT, "functions/src"));
  return names;
}

describe("the docs", () => {
  it(`README is for users: at most ${README_MAX_LINES} lines (maintainer material lives in docs/)`, () => {
    const lines = read(README).trimEnd().split("\n").length;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines`);
  });

  for (const file of [README, ...DOCS]) {
    it(`${file}: every relative link leads to a file and heading that exist`, () => {
      const broken: string[] = [];
      for (const target of captures(withoutCodeBlocks(read(file)), /\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [linkPath, anchor] = target.split("#");
        const resolved = linkPath ? path.join(path.dirname(file), linkPath) : file;
        if (!existsSync(path.join(ROOT, resolved))) {
          broken.push(`${target} (no file ${resolved})`);
        } else if (anchor && resolved.endsWith(".md") && !anchorsOf(read(resolved)).has(anchor)) {
          broken.push(`${target} (no heading #${anchor} in ${resolved})`);
        }
      }
      assert.deepEqual(broken, []);
    });

    it(`${file}: every source file it names exists`, () => {
      const missing: string[] = [];
      const fileNames = repositoryFileNames();
      for (const named of captures(read(file), /`([\w./-]*[\w-]\.(?:ts|mjs|cjs|json|rules|md))`/g)) {
        if (named.startsWith("/") || named.startsWith("lib/") || named.includes("/lib/") || GENERATED.has(named)) {
          continue;
        }
        const found = named.includes("/")
          ? PATH_BASES.some((base) => existsSync(path.join(ROOT, base, named)))
          : fileNames.has(named);
        if (!found) missing.push(named);
      }
      assert.deepEqual([...new Set(missing)], []);
    });

    it(`${file}: every npm script it names exists`, () => {
      const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
      const unknown = captures(read(file), /npm run (?:--silent )?([\w:-]+)/g).filter((name) => !(name in scripts));
      assert.deepEqual([...new Set(unknown)], []);
    });
  }

  it("docs/configuration.md lists every param and secret the code declares", () => {
    const documented = new Set(captures(read("docs/configuration.md"), /`([A-Z][A-Z0-9_]+)`/g));
    const undocumented = [...declaredParams()].filter((name) => !documented.has(name));
    assert.deepEqual(undocumented, []);
  });
});
