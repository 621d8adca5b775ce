// The tables of an output request, one or more: each a CSV file declared a frequency table
// (counts per cell) or a magnitude table (per cell its sum, count, largest and second
// largest). Used by the first submission and by a resubmission after changes were asked for.
import { FileField, Select } from "../../components/form/index.ts";
import { Button } from "../../components/ui/index.ts";
import type { OutputTableKind } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, type FieldProblem } from "../../lib/validation.ts";
import { emptyTable, TABLE_KINDS, type TableDraft } from "./outputs.ts";

export function OutputTablesFields({ tables, onChange, problems }: { tables: readonly TableDraft[]; onChange: (tables: TableDraft[]) => void; problems: readonly FieldProblem[] }) {
  const { t } = useI18n();
  const update = (i: number, change: Partial<TableDraft>) => onChange(tables.map((x, j) => (j === i ? { ...x, ...change } : x)));
  return (
    <fieldset className="card output-tables">
      <legend>{t("output.form.tables")}</legend>
      <p className="field__hint">{t("output.form.tablesHint")}</p>
      {problemsFor(problems, "tables").map((m) => (
        <p key={m} className="field__error">
          {m}
        </p>
      ))}
      {tables.map((table, i) => (
        <div key={table.key} className="output-table" data-testid="output-table">
          <h3>{t("output.form.table", { number: i + 1 })}</h3>
          <Select name={`tables[${i}].kind`} label={t("output.form.kind")} value={table.kind}
            hint={t(`output.kind.${table.kind}.hint`)}
            options={TABLE_KINDS.map((k) => ({ value: k, label: t(`output.kind.${k}`) }))}
            errors={problemsFor(problems, `tables[${i}].kind`)} onChange={(v) => update(i, { kind: v as OutputTableKind })} />
          <FileField name={`tables[${i}].file`} label={t("output.form.file")} accept="text/csv,.csv,.txt" file={table.file}
            errors={problemsFor(problems, `tables[${i}].file`)} onChange={(file) => update(i, { file })} required />
          {tables.length > 1 && (
            <Button variant="secondary" onClick={() => onChange(tables.filter((_, j) => j !== i))}>
              {t("output.form.removeTable", { number: i + 1 })}
            </Button>
          )}
        </div>
      ))}
      <Button variant="secondary" onClick={() => onChange([...tables, emptyTable()])}>
        {t("output.form.addTable")}
      </Button>
    </fieldset>
  );
}

/** The label of a field path of the form, for the error summary. */
export function useOutputFieldLabel(): (field: string) => string | undefined {
  const { t } = useI18n();
  return (field) => {
    if (field === "description") return t("output.form.description");
    if (field === "tables") return t("output.form.tables");
    const m = /^tables\[(\d+)\]\.(file|kind)$/.exec(field);
    if (m) return `${t("output.form.table", { number: Number(m[1]) + 1 })}, ${t(m[2] === "kind" ? "output.form.kind" : "output.form.file")}`;
    return undefined;
  };
}
