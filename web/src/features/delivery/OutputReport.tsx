// The disclosure-check report of an output request's tables: per file its status, kind, size
// and SHA-256, and each flagged cell by its row and column labels, the rule it breaks and the
// server's explanation (written in the caller's language). Download links only where the
// server gives one: staff always, the holder once the request is released. Below 40rem the
// findings are cards (styles/queue.css), so nothing scrolls sideways.
import type { OutputFileDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { sizeText } from "./outputs.ts";
import "../../styles/queue.css";

export function StatusBadge({ status }: { status: OutputFileDetailFragment["status"] }) {
  const { t } = useI18n();
  return <strong className={`check-status check-status--${status.toLowerCase()}`}>{t(`output.status.${status}`)}</strong>;
}

export function OutputFileReport({ file, mayDownload }: { file: OutputFileDetailFragment; mayDownload: boolean }) {
  const { t, formatNumber } = useI18n();
  const headingId = `file-${file.id}`;
  return (
    <article className="output-file" aria-labelledby={headingId} data-testid="output-file">
      <h3 id={headingId} className="output-file__name">
        {file.name}
      </h3>
      <dl className="facts">
        <dt>{t("output.report.status")}</dt>
        <dd data-testid="file-status">
          <StatusBadge status={file.status} />
        </dd>
        <dt>{t("output.form.kind")}</dt>
        <dd>{t(`output.kind.${file.kind}`)}</dd>
        <dt>{t("output.report.size")}</dt>
        <dd>{sizeText(file.sizeBytes, formatNumber)}</dd>
        <dt>{t("output.report.sha256")}</dt>
        <dd className="output-file__hash">{file.sha256}</dd>
      </dl>
      {mayDownload && file.downloadUrl && (
        <p>
          <a href={file.downloadUrl} download={file.name}>
            {t("output.report.download", { name: file.name })}
          </a>
        </p>
      )}
      {file.findings.length === 0 ? (
        <p>{t("output.report.noFindings")}</p>
      ) : (
        <div className="table-wrap queue">
          <table className="queue__table findings" data-testid="findings">
            <caption>{t("output.report.findings", { count: file.findings.length, name: file.name })}</caption>
            <thead>
              <tr>
                <th scope="col" className="queue__plain-header">{t("output.report.cell")}</th>
                <th scope="col" className="queue__plain-header">{t("output.report.rule")}</th>
                <th scope="col" className="queue__plain-header">{t("output.report.status")}</th>
                <th scope="col" className="queue__plain-header">{t("output.report.explanation")}</th>
              </tr>
            </thead>
            <tbody>
              {file.findings.map((f) => (
                <tr key={`${f.row}:${f.column}:${f.rule}`}>
                  <th scope="row">{t("output.report.cellAt", { row: f.rowLabel, column: f.columnLabel })}</th>
                  <td data-label={t("output.report.rule")}>{t(`output.rule.${f.rule}`)}</td>
                  <td data-label={t("output.report.status")}>
                    <StatusBadge status={f.status} />
                  </td>
                  <td data-label={t("output.report.explanation")}>{f.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
