// The director's view of a proposal: the case's summary, then the application and the
// proposal side by side (one column below 1024 px), the decision form prefilled with the
// proposal (edits are sent as changes and marked against it), return with a reason, and the
// one-time deadline extension. Decide and return sit in a bar that stays in view while the
// director reads either column.
import "../../styles/case.css";
import { useState } from "react";
import { useMutation, type UseMutationExecute, type UseMutationState } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { DateField, ErrorSummary, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { CaseSummary, JumpLink } from "../case/CaseSummary.tsx";
import {
  CaseContent,
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
import type {
  DecideMutation as DecideData,
  DecideMutationVariables,
  ReturnForPreparationMutation as ReturnData,
  ReturnForPreparationMutationVariables,
} from "../../gql/graphql.ts";
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
  const [decideResult, decide] = useMutation(DecideMutation);
  const [returnResult, sendReturn] = useMutation(ReturnForPreparationMutation);
  const proposed = application.state === "PROPOSED" && !!application.proposal;
  const extendable =
    !!application.deadline && !application.deadline.extended && application.state !== "DECIDED" && application.state !== "WITHDRAWN";
  return (
    <>
      <p className="case-back">
        <Link to="/proposals">{t("director.decide.back")}</Link>
      </p>
      <CaseSummary
        application={application}
        next={<NextAction application={application} proposed={proposed} />}
      />
      <div className="decision-workspace">
        <div className="decision-workspace__application">
          <CaseContent application={application} />
          <RemarksView application={application}>
            <RemarkForm applicationId={application.id} />
          </RemarksView>
          <HistoryView application={application} />
        </div>
        <div className="decision-workspace__decision">
          <DecisionView application={application} />
          <ProposalView application={application} />
          {proposed && (
            <>
              <DecideForm key={application.version} application={application} decide={decide} />
              <ReturnForm application={application} result={returnResult} send={sendReturn} />
            </>
          )}
          {extendable && <ExtendForm application={application} />}
          {proposed && (
            <div className="decision-actions" data-testid="decision-actions">
              <Button type="submit" form="decide-form" disabled={decideResult.fetching}>
                {t("director.decide.submit")}
              </Button>
              <Button type="submit" form="return-form" variant="secondary" disabled={returnResult.fetching}>
                {t("director.return.submit")}
              </Button>
            </div>
          )}
        </div>
      </div>
    </>
  );
}

/** Deciding when there is a proposal; otherwise who acts next, or the decision made. */
function NextAction({ application, proposed }: { application: CaseDetail; proposed: boolean }) {
  const { t } = useI18n();
  if (proposed) {
    return (
      <JumpLink to="decide-title" className="button">
        {t("case.next.decide")}
      </JumpLink>
    );
  }
  switch (application.state) {
    case "SUBMITTED":
      return <p>{t("case.next.waitingForPresenter")}</p>;
    case "IN_PREPARATION":
      return <p>{application.presenter ? t("case.next.preparing") : t("case.next.waitingForPresenter")}</p>;
    case "INFORMATION_REQUESTED":
      return <p>{t("case.next.informationRequested")}</p>;
    case "DECIDED":
      return <JumpLink to="case-decision">{t("case.next.seeDecision")}</JumpLink>;
    default:
      return <p>{t("case.next.none")}</p>;
  }
}

type DecideExecute = UseMutationExecute<DecideData, DecideMutationVariables>;
type ReturnExecute = UseMutationExecute<ReturnData, ReturnForPreparationMutationVariables>;

/** The decision's fields; the action bar's "Decide" submits them (`form="decide-form"`). */
function DecideForm({ application, decide }: { application: CaseDetail; decide: DecideExecute }) {
  const { t } = useI18n();
  const original = proposalDraftFrom(application.proposal!);
  const [draft, setDraft] = useState<ProposalDraft>(original);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const labelFor = useProposalLabel();
  return (
    <section aria-labelledby="decide-title" className="card">
      <h2 id="decide-title">{t("director.decide.formTitle")}</h2>
      <p>{t("director.decide.hint")}</p>
      <ErrorSummary problems={problems} labelFor={labelFor} />
      {failure && <ErrorState error={failure} />}
      <form
        id="decide-form"
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
        <ProposalFields application={application} value={draft} onChange={setDraft} original={original}
          errorsFor={(p) => problemsFor(problems, p)} />
      </form>
    </section>
  );
}

/** The reason for returning; the action bar's "Return for preparation" submits it (`form="return-form"`). */
function ReturnForm({
  application,
  result,
  send,
}: {
  application: CaseDetail;
  result: UseMutationState<ReturnData, ReturnForPreparationMutationVariables>;
  send: ReturnExecute;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = prefixProblems(validationProblems(failure), "return");
  return (
    <section aria-labelledby="return-title" className="card">
      <h2 id="return-title">{t("director.return.title")}</h2>
      <ErrorSummary problems={problems} labelFor={() => t("director.return.reason")} />
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      <form
        id="return-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send({ id: application.id, version: application.version, reason });
        }}
      >
        <TextArea name="return.reason" label={t("director.return.reason")} required rows={3} value={reason}
          errors={problemsFor(problems, "return.reason")} onChange={setReason} />
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
        <Button type="submit" variant="secondary" disabled={result.fetching || date === ""}>
          {t("director.extend.submit")}
        </Button>
      </form>
    </section>
  );
}
