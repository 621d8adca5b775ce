// The list of open cases for staff: due date first, overdue marked in words (not by colour only).
import type { QueueQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";

export type QueueItem = QueueQuery["applicationQueue"]["nodes"][number];

export function QueueTable({ items, linkTo, caption }: { items: readonly QueueItem[]; linkTo: (id: string) => string; caption: string }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="queue">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("case.diaryNumber")}</th>
            <th scope="col">{t("case.field.title")}</th>
            <th scope="col">{t("case.stateLabel")}</th>
            <th scope="col">{t("case.presenter")}</th>
            <th scope="col">{t("case.queue.due")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} className={a.deadline?.overdue ? "row--overdue" : undefined}>
              <th scope="row">
                <Link to={linkTo(a.id)}>{a.diaryNumber ?? a.id}</Link>
              </th>
              <td>
                {a.title}
                <br />
                <small>
                  {t(`case.kind.${a.kind}`)} · {a.organisationName ?? a.applicantName}
                </small>
              </td>
              <td>{t(`case.state.${a.state}`)}</td>
              <td>{a.presenter?.name ?? t("case.noPresenter")}</td>
              <td>
                {a.deadline ? formatDate(a.deadline.dueOn) : t("case.none")}
                {a.deadline?.overdue && <strong className="badge badge--overdue"> {t("case.deadline.overdue")}</strong>}
                {a.deadline?.paused && <span className="badge"> {t("case.queue.paused")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
