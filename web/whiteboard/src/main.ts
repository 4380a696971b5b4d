/*
 * The whiteboard's browser script (bundled by ../build.mjs into the functions' lib folder and
 * served at /api/whiteboard/app.js). It wires the sign-in form to the board.
 */
import { Board } from "./board";
import { byId, errorText } from "./dom";
import { readPageConfig } from "./pageConfig";
import { RunView } from "./runView";
import { Session, SESSION_ENDED } from "./session";

function showError(message: string | null): void {
  const box = byId("error");
  box.hidden = message === null;
  box.textContent = message ?? "";
}

async function main(): Promise<void> {
  const config = readPageConfig();
  const session = await Session.open(config);
  const board = new Board(config, session, (message) => void leave(message));
  const runs = new RunView(() => session.idToken());

  async function show(): Promise<void> {
    const signedIn = session.signedIn;
    byId("signin").hidden = signedIn;
    byId("board").hidden = !signedIn;
    byId("account").hidden = !signedIn;
    if (!signedIn) return;
    const account = await session.account().catch(() => null);
    if (!account) {
      await leave(SESSION_ENDED);
      return;
    }
    byId("account-name").textContent = `${account.uid}${account.admin ? " (admin: all missions)" : " (your missions)"}`;
    board.start();
    runs.loadList().catch((error: unknown) => showError(`Runs: ${errorText(error)}`));
  }

  async function leave(message: string | null): Promise<void> {
    board.stop();
    await session.signOut();
    await show();
    showError(message);
  }

  byId<HTMLFormElement>("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const submit = form.querySelector("button");
    if (submit) submit.disabled = true;
    session
      .signIn(new FormData(form))
      .then(async () => {
        showError(null);
        await show();
      })
      .catch((error: unknown) => showError(`Sign-in failed: ${errorText(error)}`))
      .finally(() => {
        if (submit) submit.disabled = false;
      });
  });
  byId("signout").addEventListener("click", () => void leave(null));
  byId("artifact-close").addEventListener("click", () => byId<HTMLDialogElement>("artifact-dialog").close());
  if (session.endedElsewhere) await leave(SESSION_ENDED);
  else await show();
  // Auth dropping the user by itself later (a refresh it refused) is the same as a 401.
  session.onLost(() => void leave(SESSION_ENDED));
}

main().catch((error: unknown) => showError(`The whiteboard could not start: ${errorText(error)}`));
