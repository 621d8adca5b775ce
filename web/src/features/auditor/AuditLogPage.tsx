import { Fragment, useMemo, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { DateField, ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import type { AuditLogQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import type { MessageKey } from "../../i18n/index.ts";
import { problemsFor, validationProblems } from "../../lib/validation.ts";
import {
  EMPTY_AUDIT_FILTER,
  FIRST_PAGE,
  OUTCOMES,
  currentCursor,
  localiseAuditProblems,
  nextPage,
  placeAuditProblems,
  previousPage,
  toAuditLogFilter,
  type AuditFilterForm,
  type Pages,
} from "./auditFilter.ts";
import { AuditLogDocument, VerifyAuditLogDocument } from "./operations.ts";

const PAGE_SIZE = 25;

type Entry = AuditLogQuery["auditLog"]["nodes"][number];

export default function AuditLogPage() {
  const { t } = useI18n();
  return (
    <Page title={t("auditor.title")}>
      <p className="lead">{t("auditor.intro")}</p>
      <ChainVerification />
      <AuditLog />
    </Page>
  );
}

function ChainVerification() {
  const { t, formatNumber } = useI18n();
  const [requested, setRequested] = useState(false);
  const [result, run] = useQuery({ query: VerifyAuditLogDocument, pause: !requested, requestPolicy: "network-only" });
  const verification = result.data?.verifyAuditLog;

  function verify() {
    if (requested) run({ requestPolicy: "network-only" });
    else setRequested(true);
  }

  return (
    <section className="card" aria-labelledby="audit-verify-heading">
      <h2 id="audit-verify-heading">{t("auditor.verify.heading")}</h2>
      <p>{t("auditor.verify.explanation")}</p>
      <button type="button" onClick={verify} disabled={result.fetching}>
        {t("auditor.verify.button")}
      </button>
      <div role="status" data-testid="audit-verification">
        {result.fetching && <p>{t("auditor.verify.pending")}</p>}
        {!result.fetching && verification?.intact && (
          <>
            <p>
              <strong>{t("auditor.verify.intact", { count: formatNumber(verification.checked) })}</strong>
            </p>
            <dl className="facts">
              <dt>{t("auditor.verify.head")}</dt>
              <dd>
                <code>{verification.head}</code>
              </dd>
            </dl>
          </>
        )}
        {!result.fetching && verification && !verification.intact && (
          <div className="alert">
            <p>
              <strong>{t("auditor.verify.broken", { count: formatNumber(verification.checked) })}</strong>
            </p>
            {verification.firstBreak && (
              <p>
                {t("auditor.verify.firstBreak", {
                  seq: formatNumber(verification.firstBreak.seq),
                  problem: verification.firstBreak.problem,
                })}
              </p>
            )}
          </div>
        )}
      </div>
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={verify} />}
    </section>
  );
}

function AuditLog() {
  const { t, formatNumber } = useI18n();
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [pages, setPages] = useState<Pages>(FIRST_PAGE);
  const [result, reexecute] = useQuery({
    query: AuditLogDocument,
    variables: { filter: toAuditLogFilter(applied), first: PAGE_SIZE, after: currentCursor(pages) },
    requestPolicy: "cache-and-network",
  });
  // Memoised: the error summary takes focus whenever its problem list changes identity.
  const apiError = useMemo(() => (result.error ? fromCombinedError(result.error) : null), [result.error]);
  const problems = useMemo(() => localiseAuditProblems(placeAuditProblems(validationProblems(apiError)), t), [apiError, t]);
  const entries = result.data?.auditLog.nodes;
  const pageInfo = result.data?.auditLog.pageInfo;
  const labels: Record<string, string> = {
    actorId: t("auditor.filter.actorId"),
    action: t("auditor.filter.action"),
    targetType: t("auditor.filter.targetType"),
    targetId: t("auditor.filter.targetId"),
    outcome: t("auditor.filter.outcome"),
    from: t("auditor.filter.from"),
    until: t("auditor.filter.until"),
  };
  const text = (name: "actorId" | "action" | "targetType" | "targetId", hint?: MessageKey) => (
    <TextField
      name={name}
      label={labels[name]}
      hint={hint ? t(hint) : undefined}
      value={form[name]}
      onChange={(v) => setForm({ ...form, [name]: v })}
      errors={problemsFor(problems, name)}
    />
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setApplied(form);
    setPages(FIRST_PAGE);
  }

  function clear() {
    setForm(EMPTY_AUDIT_FILTER);
    setApplied(EMPTY_AUDIT_FILTER);
    setPages(FIRST_PAGE);
  }

  return (
    <section className="card" aria-labelledby="audit-log-heading">
      <h2 id="audit-log-heading">{t("auditor.log.heading")}</h2>
      <form method="post" noValidate onSubmit={apply} aria-label={t("auditor.filter.label")}>
        <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
        {text("actorId", "auditor.filter.actorIdHint")}
        {text("action", "auditor.filter.actionHint")}
        {text("targetType")}
        {text("targetId")}
        <Select
          name="outcome"
          label={labels.outcome}
          value={form.outcome}
          onChange={(v) => setForm({ ...form, outcome: OUTCOMES.find((o) => o === v) ?? "" })}
          placeholder={t("auditor.filter.any")}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`auditor.outcome.${o}`) }))}
        />
        <DateField
          name="from"
          label={labels.from}
          value={form.from}
          onChange={(v) => setForm({ ...form, from: v })}
          errors={problemsFor(problems, "from")}
        />
        <DateField
          name="until"
          label={labels.until}
          value={form.until}
          onChange={(v) => setForm({ ...form, until: v })}
          errors={problemsFor(problems, "until")}
        />
        <div className="row">
          <button type="submit">{t("auditor.filter.apply")}</button>
          <button type="button" onClick={clear}>
            {t("auditor.filter.clear")}
          </button>
        </div>
      </form>
      <h3>{t("auditor.log.results")}</h3>
      {/* urql keeps the previous page's entries while the next one loads: announcing the new
          page number over them would name the wrong page. */}
      <div role="status" data-testid="audit-page-status">
        {entries && !result.fetching && (
          <p>
            {t("auditor.log.page", { page: formatNumber(pages.cursors.length), count: formatNumber(entries.length) })}
          </p>
        )}
      </div>
      {result.fetching && !entries && <Loading />}
      {apiError && problems.length === 0 && (
        <ErrorState error={apiError} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {entries?.length === 0 && (
        <EmptyState>
          <p>{t("auditor.log.empty")}</p>
        </EmptyState>
      )}
      {entries && entries.length > 0 && (
        <ol className="audit-entries" aria-label={t("auditor.log.results")}>
          {entries.map((e) => (
            <AuditEntryCard key={e.id} entry={e} />
          ))}
        </ol>
      )}
      {entries && (pages.cursors.length > 1 || pageInfo?.hasNextPage) && (
        <nav className="row" aria-label={t("auditor.log.pagination")}>
          <button type="button" disabled={pages.cursors.length <= 1} onClick={() => setPages(previousPage(pages))}>
            {t("auditor.log.previous")}
          </button>
          <button
            type="button"
            disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
            onClick={() => pageInfo?.endCursor && setPages(nextPage(pages, pageInfo.endCursor))}
          >
            {t("auditor.log.next")}
          </button>
        </nav>
      )}
    </section>
  );
}

function AuditEntryCard({ entry: e }: { entry: Entry }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const facts: [MessageKey, string | null | undefined][] = [
    ["auditor.entry.occurredAt", formatDateTime(e.occurredAt)],
    ["auditor.entry.actor", e.actorRole ? `${e.actorId} (${e.actorRole})` : e.actorId],
    ["auditor.entry.outcome", t(`auditor.outcome.${e.outcome}`)],
    ["auditor.entry.target", e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}` : null],
    ["auditor.entry.reason", e.reason],
    ["auditor.entry.clientAddress", e.clientAddress],
    ["auditor.entry.details", e.details],
    ["auditor.entry.hash", e.hash],
  ];
  return (
    <li className="card">
      <h4>
        {t("auditor.entry.title", { seq: formatNumber(e.seq) })}: <code>{e.action}</code>
      </h4>
      <dl className="facts">
        {facts
          .filter(([, value]) => value)
          .map(([key, value]) => (
            <Fragment key={key}>
              <dt>{t(key)}</dt>
              <dd>{key === "auditor.entry.details" || key === "auditor.entry.hash" ? <code>{value}</code> : value}</dd>
            </Fragment>
          ))}
      </dl>
    </li>
  );
}
