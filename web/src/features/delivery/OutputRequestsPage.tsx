// The staff's review queue of output requests: by default the ones waiting for a reviewer
// (submitted or in review), oldest first; any state through the filter in the URL. The check's
// overall status and a pending second approval are said in words.
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Select } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import type { OutputRequestState } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { OutputRequestsQuery } from "./operations.ts";
import { OutputRequestTable } from "./OutputRequestTable.tsx";
import { OUTPUT_STATES } from "./outputs.ts";
import "../../styles/queue.css";
import "../../styles/delivery.css";

export default function OutputRequestsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const raw = params.get("state") as OutputRequestState | null;
  const state = raw && OUTPUT_STATES.includes(raw) ? raw : null;
  const [result, refetch] = useQuery({
    query: OutputRequestsQuery,
    variables: { filter: { state }, first: 100 },
    requestPolicy: "cache-and-network",
  });
  const all = result.data?.outputRequests.nodes;
  // Without a state chosen, the queue is what waits for staff: new, in review, or an
  // approval waiting for its second pair of eyes.
  const items = all
    ?.filter((r) => state !== null || r.state === "SUBMITTED" || r.state === "IN_REVIEW" || r.awaitingSecondApproval)
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  return (
    <Page title={t("output.queue.title")}>
      <form className="filters queue-filters delivery-filters" aria-label={t("output.queue.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select name="state" label={t("output.stateLabel")} value={state ?? ""} placeholder={t("output.queue.waiting")}
          options={OUTPUT_STATES.map((s) => ({ value: s, label: t(`output.state.${s}`) }))}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === "") next.delete("state");
            else next.set("state", v);
            setParams(next, { replace: true });
          }} />
      </form>
      {result.fetching && !items && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {items?.length === 0 && (
        <EmptyState>
          <p>{t("output.queue.empty")}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && <OutputRequestTable requests={items} caption={t("output.queue.caption", { count: items.length })} />}
    </Page>
  );
}
