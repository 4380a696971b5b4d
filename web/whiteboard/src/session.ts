import { initializeApp } from "firebase/app";
import {
  browserSessionPersistence,
  connectAuthEmulator,
  initializeAuth,
  onAuthStateChanged,
  signInWithCustomToken,
  signInWithEmailAndPassword,
  signOut,
  type Auth,
  type User,
} from "firebase/auth";
import type { WhiteboardConfig } from "./pageConfig";

/** Who is signed in, as the board shows it. */
export interface Account {
  uid: string;
  admin: boolean;
}

/**
 * Set while this tab has a signed-in board, cleared by signing out: when the SDK finds no user
 * on load (Auth refused to refresh a revoked session or a disabled account) the marker tells
 * "your session ended" apart from "you never signed in".
 */
const SIGNED_IN_MARKER = "mission-control.whiteboard.signed-in";
export const SESSION_ENDED = "Your session has ended; sign in again.";

async function apiKey(auth: WhiteboardConfig["auth"]): Promise<string> {
  if (auth.apiKey) return auth.apiKey;
  // Production: Hosting serves the project's public web config at a reserved URL.
  const response = await fetch("/__/firebase/init.json");
  const init = (await response.json().catch(() => ({}))) as { apiKey?: string };
  if (!response.ok || !init.apiKey) throw new Error("no Firebase web app is configured for this site");
  return init.apiKey;
}

/**
 * Sign-in through the Firebase JS SDK: the Auth emulator locally (any user id, with a custom
 * token the emulator accepts unsigned), email and password in production. The SDK keeps the
 * user in this tab's session storage and refreshes the ID token before it expires.
 */
export class Session {
  private constructor(
    private readonly auth: Auth,
    private readonly mode: WhiteboardConfig["auth"]["mode"],
  ) {}

  static async open(config: WhiteboardConfig): Promise<Session> {
    const app = initializeApp({ apiKey: await apiKey(config.auth) });
    // initializeAuth, not getAuth: no popup/redirect resolver and no IndexedDB, a smaller bundle.
    const auth = initializeAuth(app, { persistence: browserSessionPersistence });
    if (config.auth.mode === "emulator")
      connectAuthEmulator(auth, config.auth.emulatorOrigin, { disableWarnings: true });
    await auth.authStateReady();
    return new Session(auth, config.auth.mode);
  }

  /** True when this tab was signed in and the user is gone (ended elsewhere, not by the button). */
  get endedElsewhere(): boolean {
    return this.auth.currentUser === null && sessionStorage.getItem(SIGNED_IN_MARKER) !== null;
  }

  get signedIn(): boolean {
    return this.auth.currentUser !== null;
  }

  /** Calls back when the SDK drops the user by itself (a refresh refused mid-session). */
  onLost(callback: () => void): void {
    onAuthStateChanged(this.auth, (user) => {
      if (user === null && sessionStorage.getItem(SIGNED_IN_MARKER) !== null) callback();
    });
  }

  async signIn(form: FormData): Promise<Account> {
    const user = await this.signInUser(form);
    sessionStorage.setItem(SIGNED_IN_MARKER, user.uid);
    return this.account(user);
  }

  private async signInUser(form: FormData): Promise<User> {
    if (this.mode === "emulator") {
      const uid = String(form.get("uid") ?? "").trim();
      if (!uid) throw new Error("enter a user id");
      // The Auth emulator accepts a JSON custom token (never a production Auth service).
      const token = JSON.stringify({ uid, claims: form.get("admin") ? { admin: true } : {} });
      return (await signInWithCustomToken(this.auth, token)).user;
    }
    const email = String(form.get("email") ?? "").trim();
    return (await signInWithEmailAndPassword(this.auth, email, String(form.get("password") ?? ""))).user;
  }

  async account(user = this.auth.currentUser): Promise<Account> {
    if (!user) throw new Error("not signed in");
    const { claims } = await user.getIdTokenResult();
    return { uid: user.uid, admin: claims.admin === true };
  }

  /** A current ID token; throws SESSION_ENDED when Auth will not refresh it any more. */
  async idToken(): Promise<string> {
    const user = this.auth.currentUser;
    if (!user) throw new Error(SESSION_ENDED);
    try {
      return await user.getIdToken();
    } catch (error) {
      // A network error is worth a retry; anything else (revoked, disabled) is the end.
      if (error instanceof Error && "code" in error && error.code === "auth/network-request-failed") throw error;
      throw new Error(SESSION_ENDED, { cause: error });
    }
  }

  async signOut(): Promise<void> {
    sessionStorage.removeItem(SIGNED_IN_MARKER);
    await signOut(this.auth);
  }
}
