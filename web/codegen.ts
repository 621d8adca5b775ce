// graphql-codegen: types for every operation in src/ from the checked-in ../schema.graphql.
// CODEGEN_OUT lets `npm run codegen:check` generate into a temporary directory and compare.
import type { CodegenConfig } from "@graphql-codegen/cli";

const out = process.env.CODEGEN_OUT ?? "src/gql/";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    [out.endsWith("/") ? out : `${out}/`]: {
      preset: "client",
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Date: "string", UUID: "string", Upload: "File" },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
