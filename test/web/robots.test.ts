import assert from "node:assert/strict";
import { isAllowed, parseRobots } from "../../functions/src/tools/extract/robots";

const allowed = (robots: string, path: string) =>
  isAllowed(parseRobots(robots, "https://shop.example"), new URL(path, "https://shop.example"));

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

  it("matches many-star patterns in linear time, with no regex to backtrack", function () {
    this.timeout(2000);
    const robots = "User-agent: *\nDisallow: /a*a*a*a*a*a*a*b\n";
    const path = `/${"a".repeat(5_000)}`;
    assert.equal(allowed(robots, path), true);
    assert.equal(allowed(robots, `${path}b`), false);
    assert.equal(allowed(robots, `${path}b?x`), false);
    assert.equal(allowed("User-agent: *\nDisallow: /a*a*a*a*a*a*a*b$\n", `${path}b?x`), true);
  });

  it("keeps the wildcard semantics: prefix match, $ anchor, literal regex characters", () => {
    const robots = "User-agent: *\nDisallow: /*/x.(1)+$\nDisallow: /fish*.php\nDisallow: /*?\n";
    assert.equal(allowed(robots, "/a/b/x.(1)+"), false);
    assert.equal(allowed(robots, "/a/b/x.(1)+z"), true);
    assert.equal(allowed(robots, "/a/b/xx(1)"), true);
    assert.equal(allowed(robots, "/fish.php"), false);
    assert.equal(allowed(robots, "/fishheads/catfish.php?parameters"), false);
    assert.equal(allowed(robots, "/Fish.PHP"), true);
    assert.equal(allowed(robots, "/page?q=1"), false);
    assert.equal(allowed(robots, "/page"), true);
  });

  it("compares paths percent-encoded, with escapes in either case (RFC 9309 §2.2.2)", () => {
    assert.equal(allowed("User-agent: *\nDisallow: /ä\n", "/ä"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /ä\n", "/%C3%A4"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /%c3%a4\n", "/ä"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /a%3cd\n", "/a%3Cd"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /a%3Cd\n", "/a%3cd"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /日本/*.html$\n", "/日本/a.html"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /ä\n", "/a"), true);
  });

  it("matches the product token case-insensitively, ignoring a version, and prefers our group even when empty", () => {
    assert.equal(allowed("User-agent: MISSIONCONTROLBOT/2.0\nDisallow: /x\n", "/x"), false);
    assert.equal(allowed("User-agent: *\nDisallow: /\n\nUser-agent: missioncontrolbot\nDisallow:\n", "/x"), true);
    assert.equal(allowed("User-agent: otherbot\nDisallow: /\n", "/x"), true);
  });

  it("refuses a URL of another origin than the file's", () => {
    assert.equal(isAllowed(parseRobots("", "https://shop.example"), new URL("https://elsewhere.example/x")), false);
  });
});
