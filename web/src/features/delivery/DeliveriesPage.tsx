// The handler's and the Director's list of delivery orders: every order, soonest due first,
// filtered by state (and overdue only) through the URL. Overdue and near-due orders are
// marked in words beside the due date, not by colour only.
import { useState } from "react";
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { CheckboxGroup, Select } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import { DeliveryOrdersQuery } from "./operations.ts";
import { OrderTable } from "./OrderTable.tsx";
import { ORDER_STATES, orderFilterFromParams, sortedByDueDate } from "./orders.ts";
import "../../styles/queue.css";
import "../../styles/delivery.css";

const PAGE_SIZE = 100;

export default function DeliveriesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [after, setAfter] = useState<string | null>(null);
  const filter = orderFilterFromParams(params);
  const [result, refetch] = useQuery({
    query: DeliveryOrdersQuery,
    variables: { filter, first: PAGE_SIZE, after },
    requestPolicy: "cache-and-network",
  });
  const orders = result.data ? sortedByDueDate(result.data.deliveryOrders.nodes) : undefined;
  const pageInfo = result.data?.deliveryOrders.pageInfo;

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setAfter(null);
    setParams(next, { replace: true });
  }

  return (
    <Page title={t("delivery.list.title")}>
      <p className="lead">{t("delivery.list.intro")}</p>
      <form className="filters queue-filters delivery-filters" aria-label={t("delivery.list.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select name="state" label={t("delivery.stateLabel")} value={filter.state ?? ""} placeholder={t("delivery.list.allStates")}
          options={ORDER_STATES.map((s) => ({ value: s, label: t(`delivery.state.${s}`) }))} onChange={(v) => setParam("state", v)} />
        <CheckboxGroup name="overdue" label={t("delivery.dueDate")} value={filter.overdue ? ["1"] : []}
          options={[{ value: "1", label: t("delivery.list.overdueOnly") }]} onChange={(v) => setParam("overdue", v.includes("1") ? "1" : "")} />
      </form>
      {result.fetching && !orders && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {orders?.length === 0 && (
        <EmptyState>
          <p>{t("delivery.list.empty")}</p>
        </EmptyState>
      )}
      {orders && orders.length > 0 && <OrderTable orders={orders} caption={t("delivery.list.caption", { count: orders.length })} />}
      <div className="actions">
        {after && (
          <Button type="button" variant="secondary" onClick={() => setAfter(null)}>
            {t("delivery.list.first")}
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button type="button" onClick={() => setAfter(pageInfo.endCursor ?? null)}>
            {t("delivery.list.next")}
          </Button>
        )}
      </div>
    </Page>
  );
}
