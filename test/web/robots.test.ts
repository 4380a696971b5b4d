import assert from "node:assert/strict";
import { isAllowed, parseRobots } from "../../functions/src/tools/extract/robots";

const allowed = (robots: string, path: string) => isAllowed(parseRobots(robots), new URL(path, "https://shop.example"));

describe("robots.txt rules (RFC 9309)", () => {
  it("uses the group naming our agent over the * group", () => {
    const robots = "User-agent: *\nDisallow: /\n\nUser-agent: MissionControlBot\nDisallow: /private/\n";
    assert.equal(allowed(robots, "/catalog"), true);
    assert.equal(allowed(robots, "/private/x"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /\n", "/catalog"), false);
  });

  it("lets the longest match decide, allow winning a tie", () => {
    const robots = "User-agent: *\nDisallow: /shop\nAllow: /shop/public\nDisallow: /same\nAllow: /same\n";
    assert.equal(allowed(robots, "/shop/secret"), false);
    assert.equal(allowed(robots, "/shop/public/1"), true);
    assert.equal(allowed(robots, "/same"), true);
  });

  it("supports * and $ wildcards, comments, and merges groups listing several agents", () => {
    const robots = "# comment\nUser-agent: other\nUser-agent: *\nDisallow: /*.pdf$ # no PDFs\nDisallow: /search?*q=\n";
    assert.equal(allowed(robots, "/files/a.pdf"), false);
    assert.equal(allowed(robots, "/files/a.pdf?x=1"), true);
    assert.equal(allowed(robots, "/search?page=2&q=kettle"), false);
    assert.equal(allowed(robots, "/search"), true);
  });

  it("allows everything when there are no rules or an empty Disallow", () => {
    assert.equal(allowed("", "/anything"), true);
    assert.equal(allowed("User-agent: *\nDisallow:\n", "/anything"), true);
  });
});
