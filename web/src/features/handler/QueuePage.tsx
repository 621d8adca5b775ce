import { useState } from "react";
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { CheckboxGroup, DateField, Select } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { Button } from "../../components/ui/index.ts";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { QueueQuery } from "../case/operations.ts";
import { QueueTable } from "../case/QueueTable.tsx";
import type { ApplicationQueueSortField } from "../../gql/graphql.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { QUEUE_KINDS, QUEUE_STATES, type QueueOrder, queueFilterFromParams, queueOrderFromParams, toggledOrder, withOrder } from "./queueFilter.ts";
import "../../styles/queue.css";

const PAGE_SIZE = 50;

export default function QueuePage() {
  const { t } = useI18n();
  const meState = useMe();
  const meId = meState.status === "ready" ? meState.me.id : null;
  const [params, setParams] = useSearchParams();
  const [after, setAfter] = useState<string | null>(null);
  const filter = queueFilterFromParams(params, meId);
  const order = queueOrderFromParams(params);
  const [result, refetch] = useQuery({
    query: QueueQuery,
    variables: { filter, orderBy: order, first: PAGE_SIZE, after },
    requestPolicy: "cache-and-network",
  });
  const items = result.data?.applicationQueue.nodes;
  const pageInfo = result.data?.applicationQueue.pageInfo;

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setAfter(null);
    setParams(next, { replace: true });
  }

  function sortBy(field: ApplicationQueueSortField) {
    // A new order starts again from the first page: the cursor is a position in the old one.
    setAfter(null);
    setParams(withOrder(params, toggledOrder(order, field)), { replace: true });
  }

  return (
    <Page title={t("handler.queue.title")}>
      <form className="filters queue-filters" aria-label={t("handler.queue.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select name="state" label={t("case.stateLabel")} value={params.get("state") ?? ""} placeholder={t("handler.queue.allOpen")}
          options={QUEUE_STATES.map((s) => ({ value: s, label: t(`case.state.${s}`) }))} onChange={(v) => setParam("state", v)} />
        <Select name="kind" label={t("case.kindLabel")} value={params.get("kind") ?? ""} placeholder={t("handler.queue.allKinds")}
          options={QUEUE_KINDS.map((k) => ({ value: k, label: t(`case.kind.${k}`) }))} onChange={(v) => setParam("kind", v)} />
        <Select name="assigned" label={t("case.presenter")} value={params.get("assigned") ?? ""} placeholder={t("handler.queue.anyone")}
          options={[
            { value: "mine", label: t("handler.queue.mine") },
            { value: "unassigned", label: t("handler.queue.unassigned") },
          ]}
          onChange={(v) => setParam("assigned", v)} />
        <DateField name="dueBefore" label={t("handler.queue.dueBefore")} value={params.get("dueBefore") ?? ""}
          onChange={(v) => setParam("dueBefore", v)} />
        <CheckboxGroup name="overdue" label={t("handler.queue.deadline")} value={params.get("overdue") === "1" ? ["1"] : []}
          options={[{ value: "1", label: t("handler.queue.overdueOnly") }]} onChange={(v) => setParam("overdue", v.includes("1") ? "1" : "")} />
      </form>
      {result.fetching && !items && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {items?.length === 0 && (
        <EmptyState>
          <p>{t("handler.queue.empty")}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <QueueTable
          items={items}
          caption={t(captionKey(order), { count: items.length })}
          linkTo={(id) => `/cases/${id}`}
          sort={{ order, onSort: sortBy }}
        />
      )}
      <div className="actions">
        {after && (
          <Button type="button" variant="secondary" onClick={() => setAfter(null)}>
            {t("handler.queue.first")}
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button type="button" onClick={() => setAfter(pageInfo.endCursor ?? null)}>
            {t("handler.queue.next")}
          </Button>
        )}
      </div>
    </Page>
  );
}

const CAPTIONS: Record<QueueOrder["field"], Record<QueueOrder["direction"], MessageKey>> = {
  DUE_DATE: { ASC: "handler.queue.caption", DESC: "handler.queue.caption.DUE_DATE.DESC" },
  STATE: { ASC: "handler.queue.caption.STATE.ASC", DESC: "handler.queue.caption.STATE.DESC" },
};

/** The caption says how the table is sorted, for those who do not see the arrows. */
function captionKey(order: QueueOrder): MessageKey {
  return CAPTIONS[order.field][order.direction];
}
