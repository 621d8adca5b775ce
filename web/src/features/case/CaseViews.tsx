// Read-only views of a case shared by the applicant, handler and director pages.
import type { ReactNode } from "react";
import type { CaseDetailFragment } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { isMessageKey, type MessageKey } from "../../i18n/index.ts";
import { Link } from "../../router/router.tsx";
import { fieldLabelKey } from "../applicant/draft.ts";
import { formatEuros } from "../../i18n/format.ts";
import { feeText } from "./format.ts";

export type CaseDetail = CaseDetailFragment;

function Row({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{label}</dt>
      <dd>{children === null || children === undefined || children === "" ? t("case.none") : children}</dd>
    </>
  );
}

function YesNo({ value }: { value: boolean | null | undefined }) {
  const { t } = useI18n();
  if (value === null || value === undefined) return <>{t("case.none")}</>;
  return <>{value ? t("case.yes") : t("case.no")}</>;
}

/**
 * Where the notice of the decision's fee went: the invoicing clerk's first question. Without
 * an invoicing contact the applicant was sent it, which staff must see to follow it up.
 */
function FeeNoticeRow({ notice }: { notice: NonNullable<CaseDetail["feeNotice"]> }) {
  const { t, formatDateTime, language } = useI18n();
  const to = notice.recipient === "INVOICING_CONTACT" ? "case.feeNotice.toInvoicing" : "case.feeNotice.toApplicant";
  const status = notice.deadAt
    ? t("case.feeNotice.failed")
    : notice.deliveredAt
      ? t("case.feeNotice.delivered", { time: formatDateTime(notice.deliveredAt) })
      : t("case.feeNotice.queued", { time: formatDateTime(notice.queuedAt) });
  return (
    <Row label={t("case.feeNotice.label")}>
      <span data-testid="fee-notice">
        {t(to, { email: notice.email ?? t("case.none"), amount: formatEuros(language, notice.amountCents / 100) })}{" "}
        {status}
      </span>
    </Row>
  );
}

/** Diary number, kind, state, presenter, submission time. */
export function CaseHeader({ application }: { application: CaseDetail }) {
  const { t, formatDateTime } = useI18n();
  return (
    <dl className="facts" data-testid="case-header">
      <Row label={t("case.diaryNumber")}>{application.diaryNumber}</Row>
      <Row label={t("case.kindLabel")}>{t(`case.kind.${application.kind}`)}</Row>
      <Row label={t("case.stateLabel")}>
        <span data-testid="case-state">{t(`case.state.${application.state}`)}</span>
      </Row>
      <Row label={t("case.presenter")}>{application.presenter?.name ?? t("case.noPresenter")}</Row>
      <Row label={t("case.submittedAt")}>{application.submittedAt && formatDateTime(application.submittedAt)}</Row>
    </dl>
  );
}

export function DeadlineView({ application }: { application: CaseDetail }) {
  const { t, formatDate } = useI18n();
  const deadline = application.deadline;
  return (
    <section aria-labelledby="case-deadline" className="card">
      <h2 id="case-deadline">{t("case.section.deadline")}</h2>
      {!deadline && <p>{t("case.deadline.none")}</p>}
      {deadline && (
        <>
          <p data-testid="deadline-due">
            {t("case.deadline.dueOn", { date: formatDate(deadline.dueOn) })}
            {deadline.overdue && <strong className="badge badge--overdue"> {t("case.deadline.overdue")}</strong>}
          </p>
          {deadline.paused && <p>{t("case.deadline.paused")}</p>}
          {deadline.pausedDays > 0 && <p>{t("case.deadline.pausedDays", { days: deadline.pausedDays })}</p>}
          {deadline.extended && <p>{t("case.deadline.extended", { reason: deadline.extensionReason ?? "" })}</p>}
        </>
      )}
    </section>
  );
}

/** Everything the applicant wrote, section by section (headings from `level`). */
export function CaseContent({ application }: { application: CaseDetail }) {
  const { t, formatDate } = useI18n();
  const a = application;
  return (
    <>
      <section aria-labelledby="case-applicant" className="card">
        <h2 id="case-applicant">{t("case.section.applicant")}</h2>
        <dl className="facts">
          <Row label={t("case.field.applicantName")}>{a.applicantName}</Row>
          <Row label={t("case.field.organisationName")}>{a.organisationName}</Row>
          <Row label={t("case.field.businessId")}>{a.businessId}</Row>
          <Row label={t("case.field.contactEmail")}>{a.contactEmail}</Row>
          <Row label={t("case.field.billingReference")}>{a.billingReference}</Row>
          {a.feeNotice && <FeeNoticeRow notice={a.feeNotice} />}
        </dl>
      </section>
      <section aria-labelledby="case-purpose" className="card">
        <h2 id="case-purpose">{t("case.section.purpose")}</h2>
        <dl className="facts">
          <Row label={t("case.field.title")}>{a.title}</Row>
          <Row label={t("case.field.publicSummary")}>{a.publicSummary}</Row>
          <Row label={t("case.field.purpose")}>{a.purpose && t(`case.purpose.${a.purpose}`)}</Row>
          <Row label={t("case.field.researchPlan")}>{a.researchPlan}</Row>
        </dl>
      </section>
      <section aria-labelledby="case-sources" className="card">
        <h2 id="case-sources">{t("case.section.dataSources")}</h2>
        {a.dataSources.length === 0 && <p>{t("case.none")}</p>}
        <ul className="plain-list">
          {a.dataSources.map((s) => (
            <li key={s.dataSourceId}>
              <strong>
                {s.dataControllerName}: {s.dataSourceName}
              </strong>
              <br />
              {t("case.field.variables")}: {s.variables}
              <br />
              {t("case.field.period")}:{" "}
              {t("case.period", {
                from: s.periodFrom ? formatDate(s.periodFrom) : "",
                to: s.periodTo ? formatDate(s.periodTo) : "",
              })}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="case-cohort" className="card">
        <h2 id="case-cohort">{t("case.section.cohort")}</h2>
        <dl className="facts">
          <Row label={t("case.field.cohortDefinition")}>{a.cohortDefinition}</Row>
          <Row label={t("case.field.minimisationJustification")}>{a.minimisationJustification}</Row>
        </dl>
      </section>
      {a.kind !== "DATA_REQUEST" && (
        <>
          <section aria-labelledby="case-processors" className="card">
            <h2 id="case-processors">{t("case.section.processors")}</h2>
            {a.processors.length === 0 && <p>{t("case.none")}</p>}
            <ul className="plain-list">
              {a.processors.map((p, i) => (
                <li key={i}>
                  {p.firstName} {p.lastName}, {p.organisation} – {t("case.field.nda")}: <YesNo value={p.ndaSigned} />
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="case-environment" className="card">
            <h2 id="case-environment">{t("case.section.environment")}</h2>
            <dl className="facts">
              <Row label={t("case.field.processingEnvironment")}>
                {a.processingEnvironment && `${a.processingEnvironment.name} (${a.processingEnvironment.provider})`}
              </Row>
              <Row label={t("case.field.requestedValidityEnd")}>
                {a.requestedValidityEnd && formatDate(a.requestedValidityEnd)}
              </Row>
              <Row label={t("case.field.ethicsStatementNeeded")}>
                <YesNo value={a.ethicsStatementNeeded} />
              </Row>
              <Row label={t("case.field.ethicsReference")}>{a.ethicsReference}</Row>
              <Row label={t("case.field.dpiaDone")}>
                <YesNo value={a.dpiaDone} />
              </Row>
              <Row label={t("case.field.isThesis")}>
                <YesNo value={a.isThesis} />
              </Row>
              <Row label={t("case.field.applicantOutsideEea")}>
                <YesNo value={a.applicantOutsideEea} />
              </Row>
            </dl>
          </section>
        </>
      )}
      {a.amendment && (
        <section aria-labelledby="case-amendment" className="card">
          <h2 id="case-amendment">{t("case.section.amendment")}</h2>
          <ul className="plain-list">
            {a.amendment.changes.map((c) => (
              <li key={c}>{t(`case.change.${c}`)}</li>
            ))}
          </ul>
          {a.amendment.newValidUntil && (
            <p>{t("case.decision.validUntil", { date: formatDate(a.amendment.newValidUntil) })}</p>
          )}
          {[...a.amendment.addProcessors.map((p) => ["+", p] as const), ...a.amendment.removeProcessors.map((p) => ["−", p] as const)].map(
            ([sign, p], i) => (
              <p key={i}>
                {sign} {p.firstName} {p.lastName}, {p.organisation}
              </p>
            ),
          )}
          {a.amendment.newEnvironment && (
            <p>{t("case.amendment.newEnvironment", { name: a.amendment.newEnvironment.name })}</p>
          )}
          {a.amendment.combinePermits.length > 0 && (
            <>
              <p>{t("case.amendment.combinePermits")}</p>
              <ul className="plain-list">
                {a.amendment.combinePermits.map((p) => (
                  <li key={p.id}>
                    <Link to={`/permits/${p.id}`}>{p.decisionNumber}</Link>{" "}
                    {t("case.amendment.combinedPermitValidUntil", { date: formatDate(p.validUntil) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <AttachmentList application={a} />
    </>
  );
}

/** `nested`: inside the form's attachments step, under its own h2. */
export function AttachmentList({ application, nested = false }: { application: CaseDetail; nested?: boolean }) {
  const { t, formatNumber } = useI18n();
  const Heading = nested ? "h3" : "h2";
  return (
    <section aria-labelledby="case-attachments" className="card">
      <Heading id="case-attachments">{nested ? t("case.attachments.uploaded") : t("case.section.attachments")}</Heading>
      {application.attachments.length === 0 && <p>{t("case.attachments.empty")}</p>}
      <ul className="plain-list">
        {application.attachments.map((f) => (
          <li key={f.id}>
            {t(`case.attachment.${f.kind}`)}: <a href={f.downloadUrl}>{f.fileName}</a> (
            {t("case.attachment.size", { size: formatNumber(Math.max(1, Math.round(f.sizeBytes / 1024))) })})
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HistoryView({ application }: { application: CaseDetail }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="case-history" className="card">
      <h2 id="case-history">{t("case.section.history")}</h2>
      <ol className="history" data-testid="history">
        {application.history.map((e) => (
          <li key={e.id}>
            <strong>
              {t("case.history.entry", {
                action: isMessageKey(`case.action.${e.action}`) ? t(`case.action.${e.action}` as MessageKey) : e.action,
                from: e.fromState ? t(`case.state.${e.fromState}`) : t("case.none"),
                to: t(`case.state.${e.toState}`),
              })}
            </strong>
            <br />
            {t("case.history.by", { name: e.actor.name ?? e.actor.id, time: formatDateTime(e.occurredAt) })}
            {e.comment && <p className="history__comment">{e.comment}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function RemarksView({ application, children }: { application: CaseDetail; children?: ReactNode }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="case-remarks" className="card">
      <h2 id="case-remarks">{t("case.section.remarks")}</h2>
      {application.remarks.length === 0 && <p>{t("case.remarks.empty")}</p>}
      <ul className="plain-list" data-testid="remarks">
        {application.remarks.map((r) => (
          <li key={r.id}>
            <p className="remark__meta">
              {t("case.remark.by", {
                name: r.author.name ?? r.author.id,
                visibility: t(`case.remark.${r.visibility}`),
                time: formatDateTime(r.createdAt),
              })}
            </p>
            <p>{r.body}</p>
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}

/** Information requests with their questions and answers; `children` renders below (forms). */
export function InformationRequestsView({ application, children }: { application: CaseDetail; children?: ReactNode }) {
  const { t, formatDate, formatDateTime } = useI18n();
  if (application.informationRequests.length === 0 && !children) return null;
  return (
    <section aria-labelledby="case-irs" className="card">
      <h2 id="case-irs">{t("case.section.informationRequests")}</h2>
      {application.informationRequests.map((r) => (
        <div key={r.id} className="info-request">
          <h3>{t("case.ir.title", { number: r.number })}</h3>
          <p>
            {t("case.ir.requestedAt", { time: formatDateTime(r.requestedAt) })}
            {r.respondBy && <> · {t("case.ir.respondBy", { date: formatDate(r.respondBy) })}</>}
            {r.answeredAt && <> · {t("case.ir.answered", { time: formatDateTime(r.answeredAt) })}</>}
          </p>
          <ol>
            {r.items.map((item) => (
              <li key={item.id}>
                <p>{item.question}</p>
                <p>
                  <em>{t("case.ir.answer")}:</em> {item.answer ?? t("case.ir.notAnswered")}
                  {item.resolved && <> ({t("case.ir.resolved")})</>}
                </p>
              </li>
            ))}
          </ol>
        </div>
      ))}
      {children}
    </section>
  );
}

export function DecisionView({ application }: { application: CaseDetail }) {
  const { t, language, formatDate } = useI18n();
  const d = application.decision;
  if (!d) return null;
  return (
    <section aria-labelledby="case-decision" className="card">
      <h2 id="case-decision">{t("case.section.decision")}</h2>
      <p data-testid="decision-outcome">
        <strong>{t(`case.outcome.${d.outcome}`)}</strong> –{" "}
        {t("case.decision.number", { number: d.decisionNumber, date: formatDate(d.decidedOn) })}
      </p>
      <dl className="facts">
        <Row label={t("case.decision.reasoning")}>{d.reasoning}</Row>
        <Row label={t("case.decision.conditions")}>{d.conditions}</Row>
        <Row label={t("case.decision.fee")}>{feeText(t, language, d.fee)}</Row>
        <Row label={t("case.presenter")}>{d.presenter.name}</Row>
        <Row label={t("case.decision.decider")}>{d.decider.name}</Row>
      </dl>
      {d.validUntil && <p>{t("case.decision.validUntil", { date: formatDate(d.validUntil) })}</p>}
      {d.editedByDecider && <p>{t("case.decision.edited")}</p>}
      <p>
        <a href={d.documentUrl} download>
          {t("case.decision.documentPdf")}
        </a>
      </p>
    </section>
  );
}

export function ChangesView({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const fieldLabel = (field: string) => {
    const key = fieldLabelKey(field);
    return key ? t(key) : field;
  };
  if (application.changesSinceSubmission.length === 0) return null;
  return (
    <section aria-labelledby="case-changes" className="card">
      <h2 id="case-changes">{t("case.section.changes")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("case.changes.field")}</th>
              <th scope="col">{t("case.changes.before")}</th>
              <th scope="col">{t("case.changes.after")}</th>
            </tr>
          </thead>
          <tbody>
            {application.changesSinceSubmission.map((c, i) => (
              <tr key={i}>
                <th scope="row">{fieldLabel(c.field)}</th>
                <td>{c.before ?? t("case.none")}</td>
                <td>{c.after ?? t("case.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The pending proposal (staff only), with granted sources named as the application names them. */
export function ProposalView({ application, headingId = "case-proposal" }: { application: CaseDetail; headingId?: string }) {
  const { t, language, formatDate, formatDateTime } = useI18n();
  const p = application.proposal;
  if (!p) return null;
  const names = new Map(application.dataSources.map((s) => [s.dataSourceId, `${s.dataControllerName}: ${s.dataSourceName}`]));
  return (
    <section aria-labelledby={headingId} className="card" data-testid="proposal">
      <h2 id={headingId}>{t("case.proposal.title")}</h2>
      <dl className="facts">
        <Row label={t("case.proposal.outcome")}>{t(`case.outcome.${p.outcome}`)}</Row>
        <Row label={t("case.decision.reasoning")}>{p.reasoning}</Row>
        <Row label={t("case.decision.conditions")}>{p.conditions}</Row>
        <Row label={t("case.proposal.granted")}>
          {p.grantedDataSourceIds.map((id) => names.get(id) ?? id).join(", ")}
        </Row>
        <Row label={t("case.proposal.validUntil")}>{p.validUntil && formatDate(p.validUntil)}</Row>
        <Row label={t("case.decision.fee")}>{feeText(t, language, p.fee)}</Row>
      </dl>
      {p.proposedAt && (
        <p>{t("case.proposal.by", { name: application.presenter?.name ?? p.proposedBy ?? "", time: formatDateTime(p.proposedAt) })}</p>
      )}
    </section>
  );
}
