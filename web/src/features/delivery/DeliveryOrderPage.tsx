// One delivery order: what is ordered, from whom, its dates, state and history. A handler
// marks it received, prepares the controller's file (PreparationPanel), marks it delivered or
// cancels it with a reason; staff see its preparation runs. The permit holder sees the same
// facts of their own order but no runs and no actions (the server sends them no runs).
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { ErrorSummary, TextArea } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { Button, Notice } from "../../components/ui/index.ts";
import type { DeliveryOrderDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import {
  CancelDeliveryOrderMutation,
  DeliveryOrderQuery,
  MarkDeliveryOrderDeliveredMutation,
  MarkDeliveryOrderReceivedMutation,
} from "./operations.ts";
import { dueMark, orderActions, orderedFrom } from "./orders.ts";
import { PreparationPanel, PreparationRuns } from "./PreparationPanel.tsx";
import "../../styles/queue.css";
import "../../styles/delivery.css";

export default function DeliveryOrderPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: DeliveryOrderQuery, variables: { id } });
  const order = result.data?.deliveryOrder;
  return (
    <Page title={order ? t("delivery.order.title", { what: orderedFrom(order) }) : t("delivery.order.titleLoading")}>
      {result.fetching && !order && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {order && <OrderDetails order={order} refresh={() => refetch({ requestPolicy: "network-only" })} />}
    </Page>
  );
}

function OrderDetails({ order, refresh }: { order: DeliveryOrderDetailFragment; refresh: () => void }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const roles = me.status === "ready" ? me.me.roles : [];
  const isHandler = roles.includes("HANDLER");
  const actions = orderActions(order, isHandler);
  const mark = dueMark(order);
  const staff = isHandler || roles.includes("DIRECTOR");
  return (
    <>
      <section aria-labelledby="order-facts" className="card delivery-order">
        <h2 id="order-facts">{t("delivery.order.facts")}</h2>
        <dl className="facts">
          <dt>{t("delivery.stateLabel")}</dt>
          <dd data-testid="order-state">{t(`delivery.state.${order.state}`)}</dd>
          <dt>{t("delivery.diaryNumber")}</dt>
          <dd>
            {staff ? <Link to={`/cases/${order.applicationId}`}>{order.diaryNumber}</Link> : order.diaryNumber}
            {order.permitId && (
              <>
                {" · "}
                <Link to={`/permits/${order.permitId}`}>{t("delivery.order.permit")}</Link>
              </>
            )}
          </dd>
          <dt>{t("delivery.controller")}</dt>
          <dd>{order.dataControllerName}</dd>
          <dt>{t("delivery.register")}</dt>
          <dd>{order.registerName}</dd>
          <dt>{t("delivery.variables")}</dt>
          <dd>{order.variables.length > 0 ? order.variables.join(", ") : t("delivery.none")}</dd>
          <dt>{t("delivery.period")}</dt>
          <dd>
            {order.periodFrom || order.periodTo
              ? t("delivery.periodFromTo", { from: order.periodFrom ? formatDate(order.periodFrom) : "…", to: order.periodTo ? formatDate(order.periodTo) : "…" })
              : t("delivery.none")}
          </dd>
          <dt>{t("delivery.cohort")}</dt>
          <dd>{order.cohortDefinition || t("delivery.none")}</dd>
          <dt>{t("delivery.environment")}</dt>
          <dd>{order.processingEnvironmentName ?? t("delivery.none")}</dd>
          <dt>{t("delivery.extractionDate")}</dt>
          <dd>{formatDate(order.extractionDate)}</dd>
          <dt>{t("delivery.dueDate")}</dt>
          <dd data-testid="order-due">
            {formatDate(order.dueDate)}
            {mark && (
              <>
                {" "}
                <strong className={`badge badge--${mark.tone === "overdue" ? "overdue" : "due-soon"}`}>{t(mark.key, mark.params)}</strong>
              </>
            )}
          </dd>
          {order.cancellationReason && (
            <>
              <dt>{t("delivery.cancellationReason")}</dt>
              <dd>{order.cancellationReason}</dd>
            </>
          )}
        </dl>
        {order.kind === "DATA_REQUEST" && order.state !== "DELIVERED" && order.state !== "CANCELLED" && (
          <Notice>{t("delivery.order.statisticsByRelease")}</Notice>
        )}
        {actions.length > 0 && <OrderActions order={order} actions={actions} />}
      </section>
      {actions.includes("prepare") && <PreparationPanel order={order} onPrepared={refresh} />}
      {order.preparationRuns && <PreparationRuns runs={order.preparationRuns} />}
      <section aria-labelledby="order-history" className="card">
        <h2 id="order-history">{t("delivery.order.history")}</h2>
        <ol className="history" data-testid="order-history">
          {order.history.map((e, i) => (
            <li key={i}>
              <strong>
                {e.fromState
                  ? t("delivery.history.entry", { from: t(`delivery.state.${e.fromState}`), to: t(`delivery.state.${e.toState}`) })
                  : t("delivery.history.created", { to: t(`delivery.state.${e.toState}`) })}
              </strong>
              <br />
              {t("delivery.history.by", { name: e.actorName ?? t("delivery.history.system"), time: formatDateTime(e.at) })}
              {e.comment && <p className="history__comment">{e.comment}</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function OrderActions({ order, actions }: { order: DeliveryOrderDetailFragment; actions: readonly string[] }) {
  const { t } = useI18n();
  const [received, markReceived] = useMutation(MarkDeliveryOrderReceivedMutation);
  const [delivered, markDelivered] = useMutation(MarkDeliveryOrderDeliveredMutation);
  const [cancelled, cancel] = useMutation(CancelDeliveryOrderMutation);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const error = received.error ?? delivered.error ?? (problems.length === 0 ? cancelled.error : undefined);
  const busy = received.fetching || delivered.fetching || cancelled.fetching;
  const vars = { id: order.id, version: order.version };
  return (
    <div className="delivery-actions">
      {error && <ErrorState error={fromCombinedError(error)} />}
      <div className="actions">
        {actions.includes("receive") && (
          <Button disabled={busy} onClick={() => void markReceived(vars)}>
            {t("delivery.action.receive")}
          </Button>
        )}
        {actions.includes("deliver") && (
          <Button disabled={busy} onClick={() => void markDelivered(vars)}>
            {t("delivery.action.deliver")}
          </Button>
        )}
        {actions.includes("submitStatistics") && (
          <Link className="button" to={`/outputs/new?order=${order.id}`}>
            {t("delivery.action.submitStatistics")}
          </Link>
        )}
        {actions.includes("cancel") && !cancelling && (
          <Button variant="secondary" disabled={busy} onClick={() => setCancelling(true)}>
            {t("delivery.action.cancel")}
          </Button>
        )}
      </div>
      {cancelling && (
        <form
          noValidate
          aria-labelledby="cancel-order-heading"
          onSubmit={async (e) => {
            e.preventDefault();
            if (reason.trim() === "") {
              setProblems([{ field: "reason", message: t("delivery.cancel.reasonRequired") }]);
              return;
            }
            const r = await cancel({ ...vars, reason: reason.trim() });
            setProblems(r.error ? validationProblems(fromCombinedError(r.error)) : []);
            if (!r.error) setCancelling(false);
          }}
        >
          <h3 id="cancel-order-heading">{t("delivery.cancel.title")}</h3>
          <Notice status="warning" id="cancel-order-warning">
            {t("delivery.cancel.warning")}
          </Notice>
          <ErrorSummary problems={problems} labelFor={() => t("delivery.cancel.reason")} />
          <TextArea name="reason" label={t("delivery.cancel.reason")} required rows={3} value={reason} errors={problemsFor(problems, "reason")} onChange={setReason} />
          <div className="actions">
            <Button type="submit" variant="danger" disabled={busy} aria-describedby="cancel-order-warning">
              {t("delivery.cancel.submit")}
            </Button>
            <Button variant="secondary" onClick={() => setCancelling(false)}>
              {t("delivery.cancel.keep")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
