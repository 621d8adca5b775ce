import { Fragment, useEffect, useRef, useState, type FormEvent } from "react";
import { asApiError, isAbort, type ApiError } from "../../api/errors.ts";
import { DateField, ErrorSummary, FileField, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { todayInFinland } from "../case/format.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import {
  progressPercent,
  runCohortFilter,
  summariseInvalidLines,
  type CohortProgress,
  localiseCohortProblems,
  type CohortReport,
} from "./cohortFilter.ts";
import { Button } from "../../components/ui/index.ts";

interface Finished {
  report: CohortReport;
  url: string;
  filename: string;
}

export default function CohortFilterPage() {
  const { t, formatNumber } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [extractionDate, setExtractionDate] = useState(() => todayInFinland());
  const [permit, setPermit] = useState("");
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<CohortProgress | null>(null);
  const [finished, setFinished] = useState<Finished | null>(null);
  const controller = useRef<AbortController | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const running = progress !== null;

  // The result's object URL lives until the next run or leaving the page.
  useEffect(() => () => {
    if (finished) URL.revokeObjectURL(finished.url);
  }, [finished]);
  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (finished) resultRef.current?.focus();
  }, [finished]);

  const labels: Record<string, string> = {
    file: t("clerk.cohort.file"),
    extractionDate: t("clerk.cohort.extractionDate"),
    permit: t("clerk.cohort.permit"),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (running) return;
    setError(null);
    setFinished(null);
    const local: FieldProblem[] = [];
    if (!file) local.push({ field: "file", message: t("clerk.cohort.fileRequired") });
    if (extractionDate === "") local.push({ field: "extractionDate", message: t("clerk.cohort.dateRequired") });
    setProblems(local);
    if (!file || local.length > 0) return;
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ phase: "upload", loaded: 0, total: file.size });
    try {
      const result = await runCohortFilter({
        file,
        extractionDate,
        permit,
        onProgress: setProgress,
        signal: abort.signal,
      });
      setFinished({
        report: result.report,
        url: URL.createObjectURL(result.kept),
        filename: `cohort-${extractionDate}.txt`,
      });
    } catch (e) {
      if (!isAbort(e)) {
        const apiError = asApiError(e);
        const found = localiseCohortProblems(validationProblems(apiError), t);
        setProblems(found);
        if (found.length === 0) setError(apiError);
      }
    } finally {
      controller.current = null;
      setProgress(null);
    }
  }

  const report = finished?.report;
  const invalid = report ? summariseInvalidLines(report.invalidLines) : null;
  const counts: [MessageKey, number][] = report
    ? [
        ["clerk.cohort.report.lines", report.lines],
        ["clerk.cohort.report.kept", report.kept],
        ["clerk.cohort.report.removed", report.removed],
        ["clerk.cohort.report.invalid", report.invalid],
      ]
    : [];

  return (
    <Page title={t("clerk.cohort.title")}>
      <p className="lead">{t("clerk.cohort.intro")}</p>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
      <form method="post" noValidate onSubmit={submit}>
        <FileField
          name="file"
          label={labels.file}
          hint={t("clerk.cohort.fileHint")}
          file={file}
          onChange={setFile}
          accept="text/plain,.txt,.csv"
          errors={problemsFor(problems, "file")}
          required
        />
        <DateField
          name="extractionDate"
          label={labels.extractionDate}
          hint={t("clerk.cohort.extractionDateHint")}
          value={extractionDate}
          onChange={setExtractionDate}
          errors={problemsFor(problems, "extractionDate")}
          required
        />
        <TextField
          name="permit"
          label={labels.permit}
          hint={t("clerk.cohort.permitHint")}
          value={permit}
          onChange={setPermit}
          errors={problemsFor(problems, "permit")}
        />
        <div className="row">
          <Button type="submit" disabled={running}>
            {t("clerk.cohort.submit")}
          </Button>
          {running && (
            <Button type="button" onClick={() => controller.current?.abort()}>
              {t("clerk.cohort.cancel")}
            </Button>
          )}
        </div>
      </form>
      {progress && (
        <div className="card" data-testid="cohort-progress">
          <label htmlFor="cohort-progress">
            {t(progress.phase === "upload" ? "clerk.cohort.progress.upload" : "clerk.cohort.progress.download")}
          </label>
          <progress id="cohort-progress" max={100} value={progressPercent(progress)}>
            {formatNumber(progressPercent(progress))} %
          </progress>
          <p>
            {t("clerk.cohort.progress.bytes", {
              loaded: formatNumber(progress.loaded),
              total: formatNumber(progress.total),
            })}
          </p>
        </div>
      )}
      {error && (
        <>
          <p>{t("clerk.cohort.failed")}</p>
          <ErrorState error={error} />
        </>
      )}
      <div ref={resultRef} tabIndex={-1} role="status" data-testid="cohort-result">
        {finished && report && invalid && (
          <section className="card" aria-labelledby="cohort-result-heading">
            <h2 id="cohort-result-heading">{t("clerk.cohort.report.heading")}</h2>
            <dl className="facts">
              {counts.map(([key, value]) => (
                <Fragment key={key}>
                  <dt>{t(key)}</dt>
                  <dd>{formatNumber(value)}</dd>
                </Fragment>
              ))}
            </dl>
            {report.invalid > 0 && (
              <p>
                {t("clerk.cohort.report.invalidLines", {
                  lines: invalid.shown.map((n) => formatNumber(n)).join(", "),
                })}
                {invalid.more > 0 && ` ${t("clerk.cohort.report.more", { count: formatNumber(invalid.more) })}`}
              </p>
            )}
            <p>
              <a href={finished.url} download={finished.filename}>
                {t("clerk.cohort.download", { count: formatNumber(report.kept) })}
              </a>
            </p>
          </section>
        )}
      </div>
    </Page>
  );
}
