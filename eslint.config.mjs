import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      // `const { dropped, ...rest } = value` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message:
                "Import provider classes by deep path (@cdktf/provider-aws/lib/<resource>): the root loads ~2,200 modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // A capability's index loads its builder on first use, so loading the config loads no construct.
    files: ["src/capabilities/*/index.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["modules/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@cdktf/provider-aws", message: "Import provider classes by deep path." }],
          patterns: [
            { group: ["**/src/**", "../../src/*"], message: "Modules never import src/: stacks map config to props." },
          ],
        },
      ],
    },
  },
);
