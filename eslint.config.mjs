// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "functions/lib/**", ".cache/**", "test-results/**", "public/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      // Type-aware rules: each file is checked with the types of its nearest tsconfig.json
      // (functions/, test/, scripts/), so a rule sees what the compiler sees.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: "readonly",
        console: "readonly",
        fetch: "readonly",
        AbortSignal: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "error",
      // Type-aware rules chosen for what they catch in async code and tests: a promise nobody
      // awaits (an assertion that never runs), a promise where a value is expected, an await on
      // a non-promise, a thrown non-Error. The rest of strictTypeChecked flags mostly the
      // `any` of Firestore's DocumentData in tests, which zod parsing already guards at runtime.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "error-handling-correctness-only"],
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/prefer-promise-reject-errors": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-return": "error",
      "@typescript-eslint/no-implied-eval": "error",
      "@typescript-eslint/no-for-in-array": "error",
      "@typescript-eslint/no-array-delete": "error",
      "@typescript-eslint/restrict-plus-operands": "error",
      "@typescript-eslint/no-duplicate-type-constituents": "error",
      "@typescript-eslint/no-redundant-type-constituents": "error",
      "@typescript-eslint/no-unnecessary-type-arguments": "error",
      "@typescript-eslint/no-unnecessary-template-expression": "error",
    },
  },
  // Plain JavaScript (the emulator launcher, this file) has no tsconfig: syntax rules only.
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  {
    // Tool configs in CommonJS (dependency-cruiser's): no tsconfig, syntax rules only.
    files: ["**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly" },
    },
  },
);
