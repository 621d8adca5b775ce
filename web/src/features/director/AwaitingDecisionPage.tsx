import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { QueueQuery } from "../case/operations.ts";
import { QueueTable } from "../case/QueueTable.tsx";

export default function AwaitingDecisionPage() {
  const { t } = useI18n();
  const [result, refetch] = useQuery({
    query: QueueQuery,
    variables: { filter: { states: ["PROPOSED"] }, first: 100 },
    requestPolicy: "cache-and-network",
  });
  const items = result.data?.applicationQueue.nodes;
  return (
    <Page title={t("director.list.title")}>
      <p>{t("director.list.intro")}</p>
      {result.fetching && !items && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {items?.length === 0 && (
        <EmptyState>
          <p>{t("director.list.empty")}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <QueueTable items={items} caption={t("director.list.caption", { count: items.length })} linkTo={(id) => `/proposals/${id}`} />
      )}
    </Page>
  );
}
