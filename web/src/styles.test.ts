// The CSS guard (issue 21): `npm run lint:css` runs Stylelint with the project's config in
// `just test`. These tests prove that guard catches the bug that once hid every rule after
// an unclosed `.chart__table summary {`, and that the real stylesheet passes it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import stylelint from "stylelint";
import { describe, expect, it } from "vitest";

const web = fileURLToPath(new URL("..", import.meta.url));
const configFile = `${web}.stylelintrc`;

async function lint(code: string) {
  const { results } = await stylelint.lint({ code, configFile, codeFilename: `${web}src/snippet.css` });
  const result = results[0]!;
  return {
    errored: result.errored === true,
    problems: result.warnings.map((w) => `${w.rule}: ${w.text}`),
  };
}

describe("stylelint", () => {
  it("fails on a rule that is never closed", async () => {
    const unclosed = [
      ".chart__table summary {",
      "  cursor: pointer;",
      "",
      ".button--secondary {",
      "  color: var(--color-brand);",
      "}",
      "",
    ].join("\n");
    const { errored, problems } = await lint(unclosed);
    expect(errored).toBe(true);
    expect(problems.join("\n")).toMatch(/Unclosed block/);
  });

  it("passes the closed version of the same rules", async () => {
    const closed = ".chart__table summary {\n  cursor: pointer;\n}\n\n.button--secondary {\n  color: var(--color-brand);\n}\n";
    expect(await lint(closed)).toEqual({ errored: false, problems: [] });
  });

  it("passes the app's stylesheet", async () => {
    expect(await lint(readFileSync(`${web}src/styles.css`, "utf8"))).toEqual({ errored: false, problems: [] });
  });
});
