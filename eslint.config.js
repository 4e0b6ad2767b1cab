import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/coverage/**", ".actor-state/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        structuredClone: "readonly",
        URL: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        fetch: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
      // Packages talk to each other only through their public entry points.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@actor/[^/]+/(src|dist)(/|$)",
              message:
                "Import the package's public entry point (e.g. '@actor/core'), not its internals.",
            },
            {
              regex:
                "^(\\.\\./)+(core|schedule|runtime|testkit|persistence-[a-z]+|discord|server-bin)/src(/|$)",
              message:
                "Import the package's public entry point (e.g. '@actor/core'), not its sources.",
            },
          ],
        },
      ],
    },
  },
);
