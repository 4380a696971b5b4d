/**
 * What the emulator suite prints, minus warnings that are harmless here and would otherwise repeat
 * on every run (and for the Node one, once per function worker). emulators.mjs says once, up
 * front, what it drops and why (NOISE_NOTE).
 */

/** Lines dropped from firebase-tools' output, each with the reason it is safe to drop. */
export const HARMLESS_LINES: readonly { pattern: RegExp; why: string }[] = [
  {
    // functions/package.json asks for Node 22 (the deploy runtime); the emulator runs the host's Node.
    pattern: /Your requested "node" version "\d+" doesn't match your global version "\d+"/,
    why: "functions deploy on Node 22 (engines.node) and run locally on this machine's Node, which the emulator accepts",
  },
  {
    // firebase-tools 14 runs the Java emulators on Java 17; only 15.x needs 21, and it is pinned to 14.
    pattern: /firebase-tools will drop support for Java version < 21|Please upgrade to Java version 21 or above/,
    why: "firebase-tools is pinned to 14.x, which runs the Firestore emulator on Java 17+",
  },
  {
    // Printed once per start when FIRESTORE_EMULATOR_BINARY_PATH is set, which emulators.mjs does
    // on purpose for the Cloud CLI emulator and announces itself ("Firestore emulator: ...").
    pattern: /firestore: Env variable override detected\. Using firestore emulator at/,
    why: "the Firestore emulator override is the one named on the line above",
  },
  {
    // The firebase-functions SDK's definition server, up for a moment while the emulator loads a codebase.
    pattern: /^Serving at port \d+\s*$/,
    why: "a short-lived server of the functions SDK that lists the functions while they load",
  },
  {
    // Offline, firebase-tools cannot fetch its message of the day; nothing depends on it.
    pattern: /Unable to fetch the CLI MOTD and remote config/,
    why: "offline, firebase-tools cannot fetch its message of the day",
  },
];

export function isHarmless(line: string): boolean {
  return HARMLESS_LINES.some(({ pattern }) => pattern.test(line));
}

/** The one explanation printed instead of the dropped lines. */
export function noiseNote(): string {
  return `not shown (harmless here): ${HARMLESS_LINES.map(({ why }) => why).join("; ")}`;
}

/**
 * Passes text through line by line, dropping harmless lines. A partial line is held until its end
 * arrives, or until `flush()`; a line is never split or reordered.
 */
export class LineFilter {
  private pending = "";
  dropped = 0;

  constructor(private readonly write: (text: string) => void) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    const end = text.lastIndexOf("\n");
    if (end < 0) {
      this.pending = text;
      return;
    }
    this.pending = text.slice(end + 1);
    const kept = text
      .slice(0, end + 1)
      .split(/(?<=\n)/)
      .filter((line) => {
        const drop = isHarmless(line);
        if (drop) this.dropped += 1;
        return !drop;
      });
    if (kept.length > 0) this.write(kept.join(""));
  }

  flush(): void {
    if (this.pending && !isHarmless(this.pending)) this.write(this.pending);
    this.pending = "";
  }
}
