// One output request, for its holder and for staff: the decision and the state, the check's
// report on the current tables, earlier submissions with theirs, overrides and history.
// Staff review here (OutputReview.tsx); the holder resubmits after changes were asked for
// and downloads the files once they are released.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { useParams } from "wouter";
import { asApiError, fromCombinedError, isAbort, type ApiError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { ErrorSummary, TextArea } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { Button, Notice } from "../../components/ui/index.ts";
import type { OutputRequestDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { useOutputMessages } from "./NewOutputRequestPage.tsx";
import { OutputRequestQuery } from "./operations.ts";
import { OutputFileReport, StatusBadge } from "./OutputReport.tsx";
import { OutputStaffActions } from "./OutputReview.tsx";
import { OutputTablesFields, useOutputFieldLabel } from "./OutputTablesFields.tsx";
import { resubmitOutputRequest } from "./outputUpload.ts";
import { emptyTable, formProblems, isDecided, outputActions, outputFormData, validateOutputForm, type TableDraft } from "./outputs.ts";
import "../../styles/delivery.css";

type Request = OutputRequestDetailFragment;

export default function OutputRequestPage() {
  const { t, language } = useI18n();
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: OutputRequestQuery, variables: { id } });
  // The server writes the findings' explanations in the caller's language: when the user
  // switches language, read them again instead of showing the cached ones.
  const shownIn = useRef(language);
  useEffect(() => {
    if (shownIn.current === language) return;
    shownIn.current = language;
    refetch({ requestPolicy: "network-only" });
  }, [language, refetch]);
  const request = result.data?.outputRequest;
  return (
    <Page title={request ? t("output.request.title", { diaryNumber: request.diaryNumber, submission: request.submission }) : t("output.request.titleLoading")}>
      {result.fetching && !request && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {request && <OutputRequestDetails request={request} refresh={() => refetch({ requestPolicy: "network-only" })} />}
    </Page>
  );
}

function OutputRequestDetails({ request, refresh }: { request: Request; refresh: () => void }) {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const roles = me.status === "ready" ? me.me.roles : [];
  const myName = me.status === "ready" ? (me.me.name ?? null) : null;
  const staff = roles.includes("HANDLER") || roles.includes("DIRECTOR");
  const actions = outputActions(request, roles, myName);
  // The holder downloads only released files; the server leaves their link out before that.
  const mayDownload = staff || request.state === "RELEASED";
  const earlier = request.submissions.filter((s) => s.number !== request.submission);
  return (
    <div className="output-layout">
      <div className="output-layout__side">
        <section aria-labelledby="request-facts" className="card" data-testid="output-request">
          <h2 id="request-facts">{t("output.request.facts")}</h2>
          <dl className="facts">
            <dt>{t("output.stateLabel")}</dt>
            <dd data-testid="output-state">{t(`output.state.${request.state}`)}</dd>
            <dt>{t("output.report.overall")}</dt>
            <dd data-testid="output-status">
              <StatusBadge status={request.status} />
            </dd>
            <dt>{t("output.request.diaryNumber")}</dt>
            <dd>
              {request.permitId ? <Link to={`/permits/${request.permitId}`}>{request.diaryNumber}</Link> : request.diaryNumber}
            </dd>
            <dt>{t("output.request.submitted")}</dt>
            <dd>
              {t("output.request.submittedBy", { number: request.submission, time: formatDateTime(request.submittedAt), name: request.submittedByName ?? "—" })}
            </dd>
            <dt>{t("output.form.description")}</dt>
            <dd className="output-description">{request.description}</dd>
            {request.reviewerName && (
              <>
                <dt>{t("output.request.reviewer")}</dt>
                <dd>{request.reviewerName}</dd>
              </>
            )}
            {request.secondApproverName && (
              <>
                <dt>{t("output.request.secondApprover")}</dt>
                <dd>{request.secondApproverName}</dd>
              </>
            )}
          </dl>
          {isDecided(request.state) && request.decisionReason && (
            <div data-testid="decision-reason">
              <h3>{t(`output.decision.${request.state === "REJECTED" ? "rejected" : request.state === "CHANGES_REQUESTED" ? "changes" : "approved"}`)}</h3>
              <p className="output-description">{request.decisionReason}</p>
            </div>
          )}
          {request.state === "REJECTED" && !staff && <Notice status="warning">{t("output.request.rejectedNotice")}</Notice>}
          {request.state === "RELEASED" && <Notice>{t("output.request.releasedNotice")}</Notice>}
          {request.awaitingSecondApproval && <Notice status="warning">{t("output.request.awaitingSecond")}</Notice>}
        </section>
        {staff && actions.some((a) => a !== "resubmit") && <OutputStaffActions request={request} actions={actions} />}
        {actions.includes("resubmit") && <ResubmissionForm request={request} onSent={refresh} />}
      </div>
      <div className="output-layout__main">
        <section aria-labelledby="report-heading" className="card">
          <h2 id="report-heading">{t("output.report.title")}</h2>
          <p>{t("output.report.intro")}</p>
          {request.files.map((f) => (
            <OutputFileReport key={f.id} file={f} mayDownload={mayDownload} />
          ))}
        </section>
        {request.overrides.length > 0 && (
          <section aria-labelledby="overrides-heading" className="card">
            <h2 id="overrides-heading">{t("output.overrides.title")}</h2>
            <ul className="plain-list" data-testid="overrides">
              {request.overrides.map((o) => {
                const file = request.files.find((f) => f.id === o.fileId);
                const finding = file?.findings.find((f) => f.row === o.row && f.column === o.column && f.rule === o.rule);
                return (
                  <li key={`${o.fileId}:${o.row}:${o.column}:${o.rule}`}>
                    <strong>
                      {t("output.overrides.entry", {
                        file: file?.name ?? "—",
                        cell: finding ? t("output.report.cellAt", { row: finding.rowLabel, column: finding.columnLabel }) : `${o.row}/${o.column}`,
                        rule: t(`output.rule.${o.rule}`),
                      })}
                    </strong>
                    <p className="history__comment">
                      {o.reason} ({o.byName ?? "—"})
                    </p>
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        {earlier.length > 0 && (
          <section aria-labelledby="submissions-heading" className="card">
            <h2 id="submissions-heading">{t("output.submissions.title")}</h2>
            {earlier.map((s) => (
              <details key={s.number} className="output-submission">
                <summary>{t("output.submissions.entry", { number: s.number, time: formatDateTime(s.submittedAt) })}</summary>
                <p className="output-description">{s.description}</p>
                {s.files.map((f) => (
                  <OutputFileReport key={f.id} file={f} mayDownload={staff} />
                ))}
              </details>
            ))}
          </section>
        )}
        <section aria-labelledby="output-history" className="card">
          <h2 id="output-history">{t("output.history.title")}</h2>
          <ol className="history" data-testid="output-history">
            {request.history.map((e, i) => (
              <li key={i}>
                <strong>
                  {e.fromState
                    ? t("output.history.entry", { from: t(`output.state.${e.fromState}`), to: t(`output.state.${e.toState}`) })
                    : t("output.history.created", { to: t(`output.state.${e.toState}`) })}
                </strong>
                <br />
                {t("output.history.by", { name: e.actorName ?? "—", time: formatDateTime(e.at) })}
                {e.comment && <p className="history__comment">{e.comment}</p>}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function ResubmissionForm({ request, onSent }: { request: Request; onSent: () => void }) {
  const { t } = useI18n();
  const [description, setDescription] = useState(request.description);
  const [tables, setTables] = useState<TableDraft[]>(() => request.files.map((f) => ({ ...emptyTable(f.kind) })));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const messages = useOutputMessages();
  const labelFor = useOutputFieldLabel();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) return;
    setError(null);
    const local = validateOutputForm(description, tables, messages);
    setProblems(local);
    if (local.length > 0) return;
    setSending(true);
    try {
      await resubmitOutputRequest(request.id, request.version, outputFormData(null, description, tables));
      onSent();
    } catch (e) {
      if (isAbort(e)) return;
      const apiError = asApiError(e);
      const found = formProblems(validationProblems(apiError));
      setProblems(found);
      if (found.length === 0) setError(apiError);
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="resubmit-heading" className="card">
      <h2 id="resubmit-heading">{t("output.resubmit.title")}</h2>
      <p>{t("output.resubmit.intro")}</p>
      <ErrorSummary problems={problems} labelFor={labelFor} />
      {error && <ErrorState error={error} />}
      <form noValidate onSubmit={submit} aria-labelledby="resubmit-heading">
        <TextArea name="description" label={t("output.form.description")} rows={4} required
          value={description} errors={problemsFor(problems, "description")} onChange={setDescription} />
        <OutputTablesFields tables={tables} onChange={setTables} problems={problems} />
        <div className="actions">
          <Button type="submit" disabled={sending}>
            {t("output.resubmit.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
