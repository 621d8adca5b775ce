// The director's view of a proposal: the application and the proposal side by side, the
// decision form prefilled with the proposal (edits are sent as changes), return with a
// reason, and the one-time deadline extension.
import { useState } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { DateField, ErrorSummary, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import {
  CaseContent,
  CaseHeader,
  DeadlineView,
  DecisionView,
  HistoryView,
  ProposalView,
  RemarksView,
  type CaseDetail,
} from "../case/CaseViews.tsx";
import { addMonths } from "../case/format.ts";
import { prefixProblems } from "../case/problems.ts";
import { CaseLoader } from "../case/CaseLoader.tsx";
import { decisionInput, proposalDraftFrom, type ProposalDraft } from "../case/proposal.ts";
import { ProposalFields, useProposalLabel } from "../case/ProposalFields.tsx";
import { RemarkForm } from "../case/RemarkForm.tsx";
import { DecideMutation, ExtendDeadlineMutation, ReturnForPreparationMutation } from "./operations.ts";

export default function DecisionPage() {
  const { t } = useI18n();
  return (
    <CaseLoader title={(a) => t("director.decide.title", { title: a.title ?? a.id })} loadingTitle={t("director.decide.loadingTitle")}>
      {(application) => <Decision application={application} />}
    </CaseLoader>
  );
}

function Decision({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  return (
    <>
      <CaseHeader application={application} />
      <p>
        <Link to="/proposals">{t("director.decide.back")}</Link>
      </p>
      <DecisionView application={application} />
      <div className="side-by-side">
        <div>
          <CaseContent application={application} />
        </div>
        <div>
          <ProposalView application={application} />
          {application.state === "PROPOSED" && application.proposal && (
            <>
              <DecideForm key={application.version} application={application} />
              <ReturnForm application={application} />
            </>
          )}
        </div>
      </div>
      <DeadlineView application={application} />
      {application.deadline && !application.deadline.extended && application.state !== "DECIDED" && application.state !== "WITHDRAWN" && (
        <ExtendForm application={application} />
      )}
      <RemarksView application={application}>
        <RemarkForm applicationId={application.id} />
      </RemarksView>
      <HistoryView application={application} />
    </>
  );
}

function DecideForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const original = proposalDraftFrom(application.proposal!);
  const [draft, setDraft] = useState<ProposalDraft>(original);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [result, decide] = useMutation(DecideMutation);
  const labelFor = useProposalLabel();
  return (
    <section aria-labelledby="decide-title" className="card">
      <h2 id="decide-title">{t("director.decide.formTitle")}</h2>
      <p>{t("director.decide.hint")}</p>
      <ErrorSummary problems={problems} labelFor={labelFor} />
      {failure && <ErrorState error={failure} />}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await decide({ id: application.id, version: application.version, input: decisionInput(original, draft) });
          if (r.error) {
            const apiError = fromCombinedError(r.error);
            const fieldProblems = validationProblems(apiError);
            setProblems(fieldProblems);
            setFailure(fieldProblems.length === 0 ? apiError : null);
          }
        }}
      >
        <ProposalFields application={application} value={draft} onChange={setDraft} errorsFor={(p) => problemsFor(problems, p)} />
        <button type="submit" disabled={result.fetching}>
          {t("director.decide.submit")}
        </button>
      </form>
    </section>
  );
}

function ReturnForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [result, send] = useMutation(ReturnForPreparationMutation);
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = prefixProblems(validationProblems(failure), "return");
  return (
    <section aria-labelledby="return-title" className="card">
      <h2 id="return-title">{t("director.return.title")}</h2>
      <ErrorSummary problems={problems} labelFor={() => t("director.return.reason")} />
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send({ id: application.id, version: application.version, reason });
        }}
      >
        <TextArea name="return.reason" label={t("director.return.reason")} required rows={3} value={reason}
          errors={problemsFor(problems, "return.reason")} onChange={setReason} />
        <button type="submit" className="button--secondary" disabled={result.fetching}>
          {t("director.return.submit")}
        </button>
      </form>
    </section>
  );
}

function ExtendForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const dueOn = application.deadline!.dueOn;
  const [date, setDate] = useState("");
  const [reason, setReason] = useState("");
  const [result, extend] = useMutation(ExtendDeadlineMutation);
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = prefixProblems(validationProblems(failure), "extension");
  const labels: Record<string, string> = {
    "extension.dueOn": t("director.extend.dueOn"),
    "extension.reason": t("director.extend.reason"),
  };
  return (
    <section aria-labelledby="extend-title" className="card">
      <h2 id="extend-title">{t("director.extend.title")}</h2>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f]} />
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void extend({ id: application.id, version: application.version, dueOn: date, reason });
        }}
      >
        <DateField name="extension.dueOn" label={t("director.extend.dueOn")} required hint={t("director.extend.hint")}
          min={dueOn} max={addMonths(dueOn, 3)} value={date} errors={problemsFor(problems, "extension.dueOn")} onChange={setDate} />
        <TextArea name="extension.reason" label={t("director.extend.reason")} required rows={3} value={reason}
          errors={problemsFor(problems, "extension.reason")} onChange={setReason} />
        <button type="submit" className="button--secondary" disabled={result.fetching || date === ""}>
          {t("director.extend.submit")}
        </button>
      </form>
    </section>
  );
}
