import { Fragment, useMemo, useRef, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { DateField, ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
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
import { AUDIT_ACTIONS, actionName, actorLabel, detailFacts, type DetailFact } from "./auditEntry.ts";
import { AuditLogDocument, VerifyAuditLogDocument } from "./operations.ts";
import "../../styles/audit.css";

// Fifty entries keep a page short enough to scan and the log a few pages deep.
const PAGE_SIZE = 50;

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
      <Button type="button" onClick={verify} disabled={result.fetching}>
        {t("auditor.verify.button")}
      </Button>
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
  const { t, formatNumber, language } = useI18n();
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [pages, setPages] = useState<Pages>(FIRST_PAGE);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const [result, reexecute] = useQuery({
    query: AuditLogDocument,
    variables: { filter: toAuditLogFilter(applied), first: PAGE_SIZE, after: currentCursor(pages) },
    requestPolicy: "cache-and-network",
  });
  // Memoised: the error summary takes focus whenever its problem list changes identity.
  const apiError = useMemo(() => (result.error ? fromCombinedError(result.error) : null), [result.error]);
  const problems = useMemo(() => localiseAuditProblems(placeAuditProblems(validationProblems(apiError)), t), [apiError, t]);
  // Sorted by the readable name in the page's language, which is how the auditor looks for one.
  const actionOptions = useMemo(
    () =>
      AUDIT_ACTIONS.map((code) => ({ value: code, label: actionName(code, t) })).sort((a, b) =>
        a.label.localeCompare(b.label, language),
      ),
    [t, language],
  );
  const entries = result.data?.auditLog.nodes;
  const pageInfo = result.data?.auditLog.pageInfo;
  const pageNumber = formatNumber(pages.cursors.length);
  const labels: Record<string, string> = {
    actorId: t("auditor.filter.actorId"),
    action: t("auditor.filter.action"),
    targetType: t("auditor.filter.targetType"),
    targetId: t("auditor.filter.targetId"),
    outcome: t("auditor.filter.outcome"),
    from: t("auditor.filter.from"),
    until: t("auditor.filter.until"),
  };
  const text = (name: "actorId" | "targetType" | "targetId", hint?: MessageKey) => (
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

  // The button pressed may be disabled on the new page (first or last): focus goes to the
  // top of the results, where reading the new page starts.
  function turnTo(next: Pages) {
    setPages(next);
    resultsHeading.current?.focus();
  }

  return (
    <section className="card" aria-labelledby="audit-log-heading">
      <h2 id="audit-log-heading">{t("auditor.log.heading")}</h2>
      <form className="audit-filters" method="post" noValidate onSubmit={apply} aria-label={t("auditor.filter.label")}>
        <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
        <Select
          name="action"
          label={labels.action}
          value={form.action}
          onChange={(v) => setForm({ ...form, action: v })}
          placeholder={t("auditor.filter.actionAny")}
          options={actionOptions}
          errors={problemsFor(problems, "action")}
        />
        {text("actorId", "auditor.filter.actorIdHint")}
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
        <div className="row audit-filters__actions">
          <Button type="submit">{t("auditor.filter.apply")}</Button>
          <Button type="button" variant="secondary" onClick={clear}>
            {t("auditor.filter.clear")}
          </Button>
        </div>
      </form>
      <h3 id="audit-results-heading" tabIndex={-1} ref={resultsHeading}>
        {t("auditor.log.results")}
      </h3>
      {/* urql keeps the previous page's entries while the next one loads: announcing the new
          page number over them would name the wrong page. */}
      <div role="status" data-testid="audit-page-status">
        {entries && !result.fetching && (
          <p>{t("auditor.log.page", { page: pageNumber, count: formatNumber(entries.length) })}</p>
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
        <nav className="audit-pager" aria-label={t("auditor.log.pagination")}>
          <Button
            type="button"
            variant="secondary"
            disabled={pages.cursors.length <= 1}
            onClick={() => turnTo(previousPage(pages))}
          >
            {t("auditor.log.previous")}
          </Button>
          <span className="audit-pager__page">{t("auditor.log.pageNumber", { page: pageNumber })}</span>
          <Button
            type="button"
            variant="secondary"
            disabled={!pageInfo?.hasNextPage || !pageInfo.endCursor}
            onClick={() => pageInfo?.endCursor && turnTo(nextPage(pages, pageInfo.endCursor))}
          >
            {t("auditor.log.next")}
          </Button>
        </nav>
      )}
    </section>
  );
}

function AuditEntryCard({ entry: e }: { entry: Entry }) {
  const { t, formatDateTime, formatDate, formatNumber } = useI18n();
  const details = detailFacts(e.details, { t, formatDate, formatNumber: (n) => formatNumber(n) });
  const facts: [MessageKey, string | null | undefined][] = [
    ["auditor.entry.actor", actorLabel(e, t)],
    ["auditor.entry.actorId", e.actorName ? e.actorId : null],
    ["auditor.entry.outcome", t(`auditor.outcome.${e.outcome}`)],
    ["auditor.entry.target", e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId}` : ""}` : null],
    ["auditor.entry.reason", e.reason],
    ["auditor.entry.clientAddress", e.clientAddress],
  ];
  return (
    <li className="audit-entry">
      <h4 className="audit-entry__title">
        {t("auditor.entry.title", { seq: formatNumber(e.seq) })}: {actionName(e.action, t)}
      </h4>
      <dl className="audit-entry__facts">
        <dt>{t("auditor.entry.occurredAt")}</dt>
        <dd>
          <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
        </dd>
        {facts
          .filter(([, value]) => value)
          .map(([key, value]) => (
            <Fragment key={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        {details.length > 0 && (
          <>
            <dt>{t("auditor.entry.details")}</dt>
            <dd>
              <DetailList facts={details} />
            </dd>
          </>
        )}
        <dt>{t("auditor.entry.actionCode")}</dt>
        <dd>
          <code>{e.action}</code>
        </dd>
        <dt>{t("auditor.entry.hash")}</dt>
        <dd>
          <code>{e.hash}</code>
        </dd>
      </dl>
    </li>
  );
}

function DetailList({ facts }: { facts: DetailFact[] }) {
  return (
    <dl className="audit-details">
      {facts.map((f) => (
        <Fragment key={f.key}>
          <dt>{f.label}</dt>
          <dd>{typeof f.value === "string" ? f.value : <DetailList facts={f.value} />}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
