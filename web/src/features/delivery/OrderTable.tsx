// Delivery orders as a table: diary number, what is ordered from whom, state and due date
// with its mark in words. Used by the staff list (links to each order) and by the permit page
// (its holder sees the same facts). Below 40rem each row is a card (styles/queue.css).
import type { DeliveryOrderRowFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { dueMark, orderedFrom } from "./orders.ts";

export function OrderTable({ orders, caption, testId = "delivery-orders" }: { orders: readonly DeliveryOrderRowFragment[]; caption: string; testId?: string }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap queue">
      <table data-testid={testId} className="queue__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="queue__plain-header">{t("delivery.ordered")}</th>
            <th scope="col" className="queue__plain-header">{t("delivery.diaryNumber")}</th>
            <th scope="col" className="queue__plain-header">{t("delivery.stateLabel")}</th>
            <th scope="col" className="queue__plain-header">{t("delivery.extractionDate")}</th>
            <th scope="col" className="queue__plain-header">{t("delivery.dueDate")}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => {
            const mark = dueMark(o);
            const rowClass = mark?.tone === "overdue" ? "row--overdue" : mark?.tone === "soon" ? "row--due-soon" : undefined;
            return (
              <tr key={o.id} className={rowClass}>
                <th scope="row">
                  <Link to={`/deliveries/${o.id}`}>{orderedFrom(o)}</Link>
                </th>
                <td data-label={t("delivery.diaryNumber")}>
                  {o.diaryNumber}
                  <br />
                  <small>{t(`delivery.kind.${o.kind === "DATA_REQUEST" ? "DATA_REQUEST" : "DATA_PERMIT"}`)}</small>
                </td>
                <td data-label={t("delivery.stateLabel")} data-testid="order-state">{t(`delivery.state.${o.state}`)}</td>
                <td data-label={t("delivery.extractionDate")}>{formatDate(o.extractionDate)}</td>
                <td data-label={t("delivery.dueDate")}>
                  {formatDate(o.dueDate)}
                  {mark && (
                    <>
                      {" "}
                      <strong className={`badge badge--${mark.tone === "overdue" ? "overdue" : "due-soon"}`}>{t(mark.key, mark.params)}</strong>
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
