// The handler's case page: everything about the case, take it, remarks, information requests
// and the proposal editor with the fee. Directors may read it too.
import { useState } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { DateField, ErrorSummary, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import {
  CaseContent,
  CaseHeader,
  ChangesView,
  DeadlineView,
  DecisionView,
  HistoryView,
  InformationRequestsView,
  ProposalView,
  RemarksView,
  type CaseDetail,
} from "../case/CaseViews.tsx";
import { CaseLoader } from "../case/CaseLoader.tsx";
import { newProposalDraft, proposalDraftFrom, proposalToInput, type ProposalDraft } from "../case/proposal.ts";
import { ProposalFields, useProposalLabel } from "../case/ProposalFields.tsx";
import { RemarkForm } from "../case/RemarkForm.tsx";
import { ProposeDecisionMutation, RequestInformationMutation, ResolveItemMutation, TakeApplicationMutation } from "./operations.ts";

export default function CasePage() {
  const { t } = useI18n();
  return (
    <CaseLoader title={(a) => t("handler.case.title", { title: a.title ?? a.id })} loadingTitle={t("handler.case.loadingTitle")}>
      {(application) => <Case application={application} />}
    </CaseLoader>
  );
}

function Case({ application }: { application: CaseDetail }) {
  const meState = useMe();
  const me = meState.status === "ready" ? meState.me : null;
  const isPresenter = !!me && application.presenter?.id === me.id;
  const isHandler = !!me?.roles.includes("HANDLER");
  const preparing = application.state === "IN_PREPARATION" && isPresenter;
  return (
    <>
      <CaseHeader application={application} />
      {isHandler && !application.presenter && ["SUBMITTED", "IN_PREPARATION"].includes(application.state) && (
        <TakeButton application={application} />
      )}
      <DeadlineView application={application} />
      <ProposalView application={application} />
      <DecisionView application={application} />
      {preparing && <ProposalEditor key={application.version} application={application} />}
      <InformationRequestsView application={application}>
        {isPresenter && <ResolveButtons application={application} />}
        {preparing && <InformationRequestForm application={application} />}
      </InformationRequestsView>
      <RemarksView application={application}>
        <RemarkForm applicationId={application.id} />
      </RemarksView>
      <ChangesView application={application} />
      <CaseContent application={application} />
      <HistoryView application={application} />
    </>
  );
}

function TakeButton({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [result, take] = useMutation(TakeApplicationMutation);
  return (
    <div className="actions">
      {result.error && <ErrorState error={fromCombinedError(result.error)} />}
      <button type="button" disabled={result.fetching} onClick={() => void take({ id: application.id, version: application.version })}>
        {t("handler.case.take")}
      </button>
    </div>
  );
}

function ResolveButtons({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [result, resolve] = useMutation(ResolveItemMutation);
  const open = application.informationRequests.flatMap((r) =>
    r.items.filter((i) => i.answer && !i.resolved).map((i) => ({ request: r.number, item: i })),
  );
  if (open.length === 0) return null;
  return (
    <div className="actions">
      {result.error && <ErrorState error={fromCombinedError(result.error)} />}
      {open.map(({ request, item }) => (
        <button key={item.id} type="button" className="button--secondary"
          onClick={() => void resolve({ id: application.id, itemId: item.id })}>
          {t("handler.ir.resolve", { request, item: item.number })}
        </button>
      ))}
    </div>
  );
}

function InformationRequestForm({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [questions, setQuestions] = useState("");
  const [respondBy, setRespondBy] = useState("");
  const [result, request] = useMutation(RequestInformationMutation);
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = validationProblems(failure);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const items = questions.split("\n").map((q) => q.trim()).filter(Boolean);
        void request({ id: application.id, version: application.version, items, respondBy: respondBy || null });
      }}
    >
      <h3>{t("handler.ir.title")}</h3>
      <ErrorSummary problems={problems} />
      {failure && problems.length === 0 && <ErrorState error={failure} />}
      <TextArea name="items" label={t("handler.ir.questions")} hint={t("handler.ir.questionsHint")} required rows={4}
        value={questions} errors={problemsFor(problems, "items")} onChange={setQuestions} />
      <DateField name="respondBy" label={t("handler.ir.respondBy")} value={respondBy}
        errors={problemsFor(problems, "respondBy")} onChange={setRespondBy} />
      <button type="submit" disabled={result.fetching}>
        {t("handler.ir.send")}
      </button>
    </form>
  );
}

function ProposalEditor({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ProposalDraft>(() =>
    application.proposal
      ? proposalDraftFrom(application.proposal)
      : newProposalDraft(application.dataSources.map((s) => s.dataSourceId), application.suggestedFee.category),
  );
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [result, propose] = useMutation(ProposeDecisionMutation);
  const labelFor = useProposalLabel();
  return (
    <section aria-labelledby="proposal-editor" className="card">
      <h2 id="proposal-editor">{t("handler.proposal.title")}</h2>
      <ErrorSummary problems={problems} labelFor={labelFor} />
      {failure && <ErrorState error={failure} />}
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await propose({ id: application.id, version: application.version, input: proposalToInput(draft) });
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
          {t("handler.proposal.submit")}
        </button>
      </form>
    </section>
  );
}
