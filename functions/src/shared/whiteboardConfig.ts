/**
 * What the whiteboard page's script needs to know, embedded in the page as JSON. It lives
 * here, low and free of Node, because two programs read it: the server that writes it
 * (whiteboard/config.ts) and the browser bundle that reads it (web/whiteboard).
 */
export interface WhiteboardConfig {
  auth:
    | { mode: "emulator"; emulatorOrigin: string; apiKey: string }
    /** apiKey empty: the page reads it from Hosting's reserved /__/firebase/init.json. */
    | { mode: "password"; apiKey: string };
  /** The `api` function's own URL: streams go there because Hosting buffers streamed responses. */
  streamBase: string;
  pollMs: number;
}

/** The id of the script element that carries the config. */
export const WHITEBOARD_CONFIG_ELEMENT_ID = "whiteboard-config";
