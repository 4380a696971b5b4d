#!/usr/bin/env node
// Writes functions/package-lock.json from the root package-lock.json (predeploy, firebase.json).
//
// functions/ is an npm workspace: its dependencies are locked in the root lockfile, which a
// deploy does not upload. Without a lockfile of its own Cloud Build resolves functions/'s `^`
// ranges afresh at every deploy, so production could run versions no test ever ran. This
// copies, from the root lock, exactly the packages functions/ reaches (its dependencies, and
// theirs), laid out as a standalone install would lay them, and refuses (exit 1, naming the
// package) when that layout would resolve any of them to a different copy than the tested one.
// Cloud Build then installs from it with `npm ci`: the tested versions, byte for byte (integrity).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const WORKSPACE = "functions";

/** Where `name`, required from the package at `from`, resolves among `packages` (Node's lookup). */
export function resolveFrom(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return null;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut >= 0 ? base.slice(0, cut) : "";
  }
}

function dependencyNames(entry) {
  return Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
}

/** The standalone lockfile for the workspace, or throws naming what would not resolve as tested. */
export function workspaceLock(rootLock, workspace = WORKSPACE) {
  const packages = rootLock.packages;
  const manifest = packages[workspace];
  if (!manifest) throw new Error(`the root lock has no workspace "${workspace}"`);
  const standalonePath = (path) => (path.startsWith(`${workspace}/`) ? path.slice(workspace.length + 1) : path);
  // Every package the workspace reaches, and what each of its requires resolved to.
  const edges = [];
  const seen = new Set();
  const queue = [workspace];
  while (queue.length > 0) {
    const from = queue.shift();
    for (const name of dependencyNames(packages[from])) {
      const to = resolveFrom(packages, from, name);
      if (!to) {
        if (packages[from].peerDependencies?.[name] || packages[from].optionalDependencies?.[name]) continue;
        throw new Error(`${from} requires ${name}, which the root lock does not hold`);
      }
      edges.push({ from, name, to });
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  // Where each reached package goes in a standalone install: the workspace's own copies move
  // up to the top; a root copy they shadow moves under each package that requires it.
  const shadowed = (path) => !path.startsWith(`${workspace}/`) && seen.has(`${workspace}/${path}`);
  const placements = new Map([[workspace, new Set([""])]]);
  for (const path of seen) if (!shadowed(path)) placements.set(path, new Set([standalonePath(path)]));
  for (let changed = true; changed;) {
    changed = false;
    for (const { from, name, to } of edges) {
      if (!shadowed(to)) continue;
      const places = placements.get(to) ?? new Set();
      for (const parent of placements.get(from) ?? []) {
        const place = `${parent === "" ? "" : `${parent}/`}node_modules/${name}`;
        if (!places.has(place)) {
          places.add(place);
          changed = true;
        }
      }
      placements.set(to, places);
    }
  }
  const out = { "": { name: manifest.name, dependencies: manifest.dependencies, engines: manifest.engines } };
  const origin = new Map();
  for (const path of seen) {
    for (const target of placements.get(path) ?? []) {
      if (origin.has(target)) throw new Error(`${path} and ${origin.get(target)} would both install as ${target}`);
      origin.set(target, path);
      const { dev: _dev, devOptional: _devOptional, ...entry } = packages[path];
      out[target] = entry;
    }
  }
  for (const { from, name, to } of edges) {
    for (const parent of placements.get(from) ?? []) {
      const resolved = resolveFrom(out, parent, name);
      if (!placements.get(to)?.has(resolved)) {
        throw new Error(`${name} required by ${from} would resolve to ${resolved} instead of the tested ${to}`);
      }
    }
  }
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages: out };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  const lock = workspaceLock(rootLock);
  writeFileSync(join(root, WORKSPACE, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`functions/package-lock.json: ${Object.keys(lock.packages).length - 1} packages, as tested`);
}
