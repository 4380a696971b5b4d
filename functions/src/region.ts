import { settingValue, stringSetting } from "./settings";

/**
 * Where every function is deployed (index.ts passes it to setGlobalOptions, which accepts a
 * param). Set it beside the Firestore database: a trigger in another region pays a
 * cross-region hop on every event and every write. For a multi-region database use a region
 * inside it (nam5 → us-central1, eur3 → europe-west1). Hosting's `/api/**` rewrite cannot
 * read params: firebase.json's rewrite names the same region when it is not us-central1.
 */
export const functionsRegion = stringSetting({
  name: "FUNCTIONS_REGION",
  default: "us-central1",
  description: "Cloud Functions region: the region of (or inside) the Firestore database's location.",
});

/** The region the functions run in, at run time (the whiteboard builds the api's URL from it). */
export function deployedRegion(): string {
  return settingValue(functionsRegion);
}
