// The list of open cases for staff. The deadline is marked in words (overdue, due in n
// days), not by colour only. With `sort`, the state and due-date headers are buttons that
// sort the (server-side, paged) queue; the page owns the order, since it lives in the URL.
// Below 40rem each row becomes a card whose cells name their column, so nothing scrolls
// sideways at 320 px.
import type { ApplicationQueueSortField, QueueQuery, SortDirection } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { Link } from "../../router/router.tsx";
import { deadlineMark } from "./queueDeadline.ts";
import "../../styles/queue.css";

export type QueueItem = QueueQuery["applicationQueue"]["nodes"][number];

export interface QueueSort {
  order: { field: ApplicationQueueSortField; direction: SortDirection };
  onSort: (field: ApplicationQueueSortField) => void;
}

export function QueueTable({
  items,
  linkTo,
  caption,
  sort,
}: {
  items: readonly QueueItem[];
  linkTo: (id: string) => string;
  caption: string;
  sort?: QueueSort;
}) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap queue">
      <table data-testid="queue" className="queue__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="queue__plain-header">
              {t("case.diaryNumber")}
            </th>
            <th scope="col" className="queue__plain-header">
              {t("case.field.title")}
            </th>
            <SortableHeader field="STATE" label="case.stateLabel" sort={sort} />
            <th scope="col" className="queue__plain-header">
              {t("case.presenter")}
            </th>
            <SortableHeader field="DUE_DATE" label="case.queue.due" sort={sort} />
          </tr>
        </thead>
        <tbody>
          {items.map((a) => {
            const mark = deadlineMark(a.deadline);
            const rowClass = mark?.tone === "overdue" ? "row--overdue" : mark?.tone === "soon" ? "row--due-soon" : undefined;
            return (
              <tr key={a.id} className={rowClass}>
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
                <td data-label={t("case.stateLabel")}>{t(`case.state.${a.state}`)}</td>
                <td data-label={t("case.presenter")}>{a.presenter?.name ?? t("case.noPresenter")}</td>
                <td data-label={t("case.queue.due")}>
                  {a.deadline ? formatDate(a.deadline.dueOn) : t("case.none")}
                  {mark && (
                    <>
                      {" "}
                      <strong className={`badge badge--${mark.tone === "overdue" ? "overdue" : "due-soon"}`}>{t(mark.key, mark.params)}</strong>
                    </>
                  )}
                  {a.deadline?.paused && (
                    <>
                      {" "}
                      <span className="badge badge--paused">{t("case.queue.paused")}</span>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A column header; with `sort`, a button that sorts by it and an `aria-sort` saying how it is sorted now. */
function SortableHeader({ field, label, sort }: { field: ApplicationQueueSortField; label: MessageKey; sort: QueueSort | undefined }) {
  const { t } = useI18n();
  if (!sort) {
    return (
      <th scope="col" className="queue__plain-header">
        {t(label)}
      </th>
    );
  }
  const active = sort.order.field === field;
  const ariaSort = active ? (sort.order.direction === "ASC" ? "ascending" : "descending") : undefined;
  const arrow = !active ? "↕" : sort.order.direction === "ASC" ? "▲" : "▼";
  return (
    <th scope="col" aria-sort={ariaSort} className="queue__sortable-header">
      {/* Hand-written: a sort header is the table's own control, not an action button, and
          Suomi.fi's Button would box it like one. */}
      <button type="button" className="queue__sort" onClick={() => sort.onSort(field)}>
        {t(label)}
        <span className="queue__sort-arrow" aria-hidden="true">
          {arrow}
        </span>
      </button>
    </th>
  );
}
