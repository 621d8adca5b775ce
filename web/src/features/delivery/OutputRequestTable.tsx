// Output requests as a table (the staff's queue, the permit page): diary number and
// submission, state, the check's overall status in words, and when it was submitted.
import type { OutputRequestRowFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { StatusBadge } from "./OutputReport.tsx";

export function OutputRequestTable({ requests, caption }: { requests: readonly OutputRequestRowFragment[]; caption: string }) {
  const { t, formatDateTime } = useI18n();
  return (
    <div className="table-wrap queue">
      <table data-testid="output-requests" className="queue__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="queue__plain-header">{t("output.request.diaryNumber")}</th>
            <th scope="col" className="queue__plain-header">{t("output.stateLabel")}</th>
            <th scope="col" className="queue__plain-header">{t("output.report.overall")}</th>
            <th scope="col" className="queue__plain-header">{t("output.request.submitted")}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/outputs/${r.id}`}>{t("output.queue.link", { diaryNumber: r.diaryNumber, submission: r.submission })}</Link>
                <br />
                <small>{r.description.length > 80 ? `${r.description.slice(0, 80)}…` : r.description}</small>
              </th>
              <td data-label={t("output.stateLabel")}>
                {t(`output.state.${r.state}`)}
                {r.awaitingSecondApproval && (
                  <>
                    {" "}
                    <strong className="badge badge--due-soon">{t("output.queue.secondApproval")}</strong>
                  </>
                )}
              </td>
              <td data-label={t("output.report.overall")}>
                <StatusBadge status={r.status} />
              </td>
              <td data-label={t("output.request.submitted")}>
                {formatDateTime(r.submittedAt)}
                {r.submittedByName && (
                  <>
                    <br />
                    <small>{r.submittedByName}</small>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
