// The permit page's sections on what follows the permit: its data deliveries (the holder sees
// each order's state and dates) and its output requests, with a link to submit one while the
// permit is active. A separate query, so the permit's terms show even if these fail.
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { PermitAfterwardsQuery } from "./operations.ts";
import { OrderTable } from "./OrderTable.tsx";
import { OutputRequestTable } from "./OutputRequestTable.tsx";
import { sortedByDueDate } from "./orders.ts";
import "../../styles/queue.css";
import "../../styles/delivery.css";

export function PermitAfterwards({ permitId, active, isHolder }: { permitId: string; active: boolean; isHolder: boolean }) {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: PermitAfterwardsQuery, variables: { permitId }, requestPolicy: "cache-and-network" });
  const orders = result.data ? sortedByDueDate(result.data.deliveryOrders.nodes) : undefined;
  const requests = result.data?.outputRequests.nodes;
  return (
    <>
      <section aria-labelledby="permit-deliveries" className="card">
        <h2 id="permit-deliveries">{t("delivery.permit.title")}</h2>
        {result.fetching && !result.data && <Loading />}
        {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
        {orders && (orders.length === 0 ? <p>{t("delivery.permit.none")}</p> : <OrderTable orders={orders} caption={t("delivery.permit.caption", { count: orders.length })} testId="permit-orders" />)}
      </section>
      <section aria-labelledby="permit-outputs" className="card">
        <h2 id="permit-outputs">{t("output.permit.title")}</h2>
        <p>{t("output.permit.intro")}</p>
        {requests &&
          (requests.length === 0 ? (
            <p>{t("output.permit.none")}</p>
          ) : (
            <OutputRequestTable requests={[...requests].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))} caption={t("output.permit.caption", { count: requests.length })} />
          ))}
        {active && isHolder && (
          <p>
            <Link className="button" to={`/outputs/new?permit=${permitId}`}>
              {t("output.permit.submit")}
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
