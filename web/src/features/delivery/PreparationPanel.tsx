// Preparing a delivery: the handler sends the controller's CSV through the server, which drops
// the rows of objectors in force on the extraction date and replaces the identity column with
// the permit's pseudonym. The prepared file comes back as a download with the run's counts;
// invalid rows are named by line number only, never by content. Below, the order's runs.
import { Fragment, useEffect, useRef, useState, type FormEvent } from "react";
import { asApiError, isAbort, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, FileField, Select, TextField } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import type { DeliveryOrderDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { progressPercent, summariseInvalidLines } from "../clerk/cohortFilter.ts";
import {
  DELIMITERS,
  guessIdentityColumn,
  headerColumns,
  preparedFilename,
  runPreparation,
  validatePreparation,
  type PreparationProgress,
  type PreparationSummary,
} from "./preparation.ts";

/** A preparation run (DeliveryOrder.preparationRuns, staff only). */
type Run = NonNullable<DeliveryOrderDetailFragment["preparationRuns"]>[number];

interface Finished {
  summary: PreparationSummary;
  url: string;
  filename: string;
}

/** How much of the file is read to find its header line. */
const HEADER_BYTES = 64 * 1024;

export function PreparationPanel({ order, onPrepared }: { order: DeliveryOrderDetailFragment; onPrepared: () => void }) {
  const { t, formatNumber } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [delimiter, setDelimiter] = useState<string>(",");
  const [identityColumn, setIdentityColumn] = useState("");
  const [columns, setColumns] = useState<string[] | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<PreparationProgress | null>(null);
  const [finished, setFinished] = useState<Finished | null>(null);
  const controller = useRef<AbortController | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const running = progress !== null;

  useEffect(() => () => {
    if (finished) URL.revokeObjectURL(finished.url);
  }, [finished]);
  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (finished) resultRef.current?.focus();
  }, [finished]);

  // The header tells which columns there are, so the identity column can be checked (and
  // guessed) before the upload. Only the first line is looked at.
  useEffect(() => {
    let live = true;
    if (!file) {
      setColumns(null);
      return;
    }
    void file
      .slice(0, HEADER_BYTES)
      .text()
      .then((text) => {
        if (!live) return;
        const found = headerColumns(text, delimiter);
        setColumns(found);
        setIdentityColumn((current) => current || guessIdentityColumn(found) || "");
      })
      .catch(() => live && setColumns(null));
    return () => {
      live = false;
    };
  }, [file, delimiter]);

  const labels: Record<string, string> = {
    file: t("delivery.prepare.file"),
    identityColumn: t("delivery.prepare.identityColumn"),
    delimiter: t("delivery.prepare.delimiter"),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (running) return;
    setError(null);
    setFinished(null);
    const local = validatePreparation(
      { file, identityColumn, columns },
      {
        fileRequired: t("delivery.prepare.fileRequired"),
        columnRequired: t("delivery.prepare.columnRequired"),
        columnMissing: t("delivery.prepare.columnMissing"),
      },
    );
    setProblems(local);
    if (!file || local.length > 0) return;
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ phase: "upload", loaded: 0, total: file.size });
    try {
      const result = await runPreparation({
        orderId: order.id,
        version: order.version,
        identityColumn,
        delimiter,
        file,
        onProgress: setProgress,
        signal: abort.signal,
      });
      setFinished({ summary: result.summary, url: URL.createObjectURL(result.prepared), filename: preparedFilename(file.name) });
      onPrepared();
    } catch (e) {
      if (!isAbort(e)) {
        const apiError = asApiError(e);
        const found = validationProblems(apiError);
        setProblems(found);
        if (found.length === 0) setError(apiError);
      }
    } finally {
      controller.current = null;
      setProgress(null);
    }
  }

  const summary = finished?.summary;
  const invalid = summary ? summariseInvalidLines(summary.invalidLines) : null;
  return (
    <section aria-labelledby="prepare-heading" className="card">
      <h2 id="prepare-heading">{t("delivery.prepare.title")}</h2>
      <p>{t("delivery.prepare.intro")}</p>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
      <form method="post" noValidate onSubmit={submit} aria-labelledby="prepare-heading">
        <FileField name="file" label={labels.file} hint={t("delivery.prepare.fileHint")} file={file} onChange={setFile}
          accept="text/csv,text/plain,.csv,.txt" errors={problemsFor(problems, "file")} required />
        <Select name="delimiter" label={labels.delimiter} value={delimiter} onChange={setDelimiter}
          options={DELIMITERS.map((d) => ({ value: d.value, label: t(d.key) }))} errors={problemsFor(problems, "delimiter")} />
        <TextField name="identityColumn" label={labels.identityColumn}
          hint={columns && columns.length > 0 ? t("delivery.prepare.columnsFound", { columns: columns.join(", ") }) : t("delivery.prepare.identityColumnHint")}
          value={identityColumn} onChange={setIdentityColumn} errors={problemsFor(problems, "identityColumn")} required />
        <div className="row">
          <Button type="submit" disabled={running}>
            {t("delivery.prepare.submit")}
          </Button>
          {running && (
            <Button variant="secondary" onClick={() => controller.current?.abort()}>
              {t("delivery.prepare.cancel")}
            </Button>
          )}
        </div>
      </form>
      {progress && (
        <div data-testid="prepare-progress">
          <label htmlFor="prepare-progress">
            {t(progress.phase === "upload" ? "delivery.prepare.progress.upload" : "delivery.prepare.progress.download")}
          </label>
          <progress id="prepare-progress" max={100} value={progressPercent(progress)}>
            {formatNumber(progressPercent(progress))} %
          </progress>
        </div>
      )}
      {error && <ErrorState error={error} />}
      <div ref={resultRef} tabIndex={-1} role="status" data-testid="prepare-result">
        {finished && summary && invalid && (
          <>
            <h3>{t("delivery.prepare.done")}</h3>
            <RunCounts counts={summary} />
            {summary.invalid > 0 && (
              <p>
                {t("delivery.prepare.invalidLines", { lines: invalid.shown.map((n) => formatNumber(n)).join(", ") })}
                {invalid.more > 0 && ` ${t("delivery.prepare.more", { count: formatNumber(invalid.more) })}`}
              </p>
            )}
            <p>
              <a href={finished.url} download={finished.filename}>
                {t("delivery.prepare.download", { count: formatNumber(summary.written) })}
              </a>
            </p>
          </>
        )}
      </div>
    </section>
  );
}

function RunCounts({ counts }: { counts: Pick<PreparationSummary, "rowsRead" | "droppedAsObjectors" | "invalid" | "written"> }) {
  const { t, formatNumber } = useI18n();
  const rows: [MessageKey, number][] = [
    ["delivery.run.rowsRead", counts.rowsRead],
    ["delivery.run.droppedAsObjectors", counts.droppedAsObjectors],
    ["delivery.run.invalid", counts.invalid],
    ["delivery.run.written", counts.written],
  ];
  return (
    <dl className="facts">
      {rows.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{t(key)}</dt>
          <dd>{formatNumber(value)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function PreparationRuns({ runs }: { runs: readonly Run[] }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <section aria-labelledby="runs-heading" className="card">
      <h2 id="runs-heading">{t("delivery.runs.title")}</h2>
      {runs.length === 0 ? (
        <p>{t("delivery.runs.none")}</p>
      ) : (
        <div className="table-wrap queue">
          <table data-testid="preparation-runs" className="queue__table">
            <caption>{t("delivery.runs.caption", { count: runs.length })}</caption>
            <thead>
              <tr>
                <th scope="col" className="queue__plain-header">{t("delivery.runs.started")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.runs.by")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.run.rowsRead")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.run.droppedAsObjectors")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.run.invalid")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.run.written")}</th>
                <th scope="col" className="queue__plain-header">{t("delivery.runs.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{formatDateTime(r.startedAt)}</th>
                  <td data-label={t("delivery.runs.by")}>
                    {r.runBy ?? t("delivery.history.system")}
                    <br />
                    <small>{t("delivery.runs.via", { via: r.via, key: r.keyId })}</small>
                  </td>
                  <td data-label={t("delivery.run.rowsRead")}>{formatNumber(r.rowsRead)}</td>
                  <td data-label={t("delivery.run.droppedAsObjectors")}>{formatNumber(r.droppedAsObjectors)}</td>
                  <td data-label={t("delivery.run.invalid")}>{formatNumber(r.invalid)}</td>
                  <td data-label={t("delivery.run.written")}>{formatNumber(r.written)}</td>
                  <td data-label={t("delivery.runs.outcome")}>{r.completed ? t("delivery.runs.completed") : t("delivery.runs.unfinished")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
