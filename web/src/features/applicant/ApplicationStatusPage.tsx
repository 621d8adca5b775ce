// The applicant's view of one application: state, deadline, decision, remarks addressed to
// them, information requests to answer, history, who at the authority has read or handled it,
// and content; withdraw while undecided.
import { useState } from "react";
import { useMutation } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { ErrorSummary, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import {
  CaseContent,
  CaseHeader,
  ChangesView,
  DeadlineView,
  DecisionView,
  HistoryView,
  InformationRequestsView,
  RemarksView,
  type CaseDetail,
} from "../case/CaseViews.tsx";
import { CaseLoader } from "../case/CaseLoader.tsx";
import { AccessLogSection } from "../access-log/AccessLogSection.tsx";
import { AnswerInformationRequestMutation, WithdrawApplicationMutation } from "./operations.ts";
import { Button } from "../../components/ui/index.ts";

export default function ApplicationStatusPage() {
  const { t } = useI18n();
  return (
    <CaseLoader title={(a) => a.title ?? t("applicant.status.title")} loadingTitle={t("applicant.status.title")}>
      {(application) => <Status application={application} />}
    </CaseLoader>
  );
}

const OPEN = ["DRAFT", "SUBMITTED", "IN_PREPARATION", "INFORMATION_REQUESTED", "PROPOSED"];

function Status({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const editable = application.state === "DRAFT" || application.state === "INFORMATION_REQUESTED";
  return (
    <>
      <CaseHeader application={application} />
      {editable && (
        <p>
          <Link to={`/applications/${application.id}/edit`} className="button">
            {application.state === "DRAFT" ? t("applicant.status.edit") : t("applicant.status.editContent")}
          </Link>
        </p>
      )}
      <DeadlineView application={application} />
      <DecisionView application={application} />
      {application.permit && (
        <section aria-labelledby="status-permit" className="card">
          <h2 id="status-permit">{t("case.permit.link", { number: application.permit.decisionNumber })}</h2>
          <p>
            <Link to={`/permits/${application.permit.id}`}>{t("applicant.permit.open")}</Link>
          </p>
          {application.permit.status === "ACTIVE" && (
            <Link to={`/permits/${application.permit.id}/amend`}>{t("applicant.status.amend")}</Link>
          )}
        </section>
      )}
      <InformationRequestsView application={application}>
        {application.state === "INFORMATION_REQUESTED" && <AnswerForm application={application} />}
      </InformationRequestsView>
      <RemarksView application={application} />
      <HistoryView application={application} />
      {application.state !== "DRAFT" && <AccessLogSection applicationId={application.id} />}
      <ChangesView application={application} />
      <CaseContent application={application} />
      {OPEN.includes(application.state) && <WithdrawForm application={application} />}
    </>
  );
}

function AnswerForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const open = application.informationRequests.find((r) => !r.answeredAt);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [result, answer] = useMutation(AnswerInformationRequestMutation);
  if (!open) return null;
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = validationProblems(failure);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void answer({
          id: application.id,
          version: application.version,
          answers: open.items.map((item) => ({ itemNumber: item.number, answer: answers[item.number] ?? "" })),
        });
      }}
    >
      <h3>{t("applicant.answer.title", { number: open.number })}</h3>
      <p>{t("applicant.answer.hint")}</p>
      <ErrorSummary problems={problems} />
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      {open.items.map((item, i) => (
        <TextArea key={item.id} name={`answers[${i}].answer`} label={t("applicant.answer.label", { number: item.number, question: item.question })}
          required rows={3} value={answers[item.number] ?? ""} errors={problemsFor(problems, `answers[${i}].answer`)}
          onChange={(v) => setAnswers({ ...answers, [item.number]: v })} />
      ))}
      <Button type="submit" disabled={result.fetching}>
        {t("applicant.answer.submit")}
      </Button>
    </form>
  );
}

function WithdrawForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [result, withdraw] = useMutation(WithdrawApplicationMutation);
  return (
    <section aria-labelledby="status-withdraw" className="card">
      <h2 id="status-withdraw">{t("applicant.withdraw.title")}</h2>
      <p>{t("applicant.withdraw.hint")}</p>
      {result.error && <ErrorState error={fromCombinedError(result.error)} />}
      {!confirming && (
        <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
          {t("applicant.withdraw.start")}
        </Button>
      )}
      {confirming && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void withdraw({ id: application.id, version: application.version, reason: reason.trim() || null });
          }}
        >
          <TextArea name="reason" label={t("applicant.withdraw.reason")} rows={3} value={reason} onChange={setReason} />
          <div className="actions">
            <Button type="submit" variant="danger" disabled={result.fetching}>
              {t("applicant.withdraw.confirm")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
              {t("applicant.withdraw.cancel")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
