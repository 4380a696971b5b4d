/**
 * The shared intent scorer loads the built classifier from `lib/pipeline/intent.js` (see
 * test/unit/scorerContract.test.ts); the step itself lives in steps/intent.ts.
 */
export { classifyIntent } from "./steps/intent";
