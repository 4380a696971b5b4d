import { WHITEBOARD_CONFIG_ELEMENT_ID, type WhiteboardConfig } from "../../../functions/src/shared/whiteboardConfig";
import { byId } from "./dom";

export type { WhiteboardConfig };

/** The config the server embedded in the page. */
export function readPageConfig(): WhiteboardConfig {
  return JSON.parse(byId(WHITEBOARD_CONFIG_ELEMENT_ID).textContent ?? "{}") as WhiteboardConfig;
}

/** "/api" behind Hosting, "/<project>/<region>/api" on the function's own URL. */
export function apiBase(): string {
  return location.pathname.replace(/\/whiteboard\/?$/, "");
}
