// The handler's case page: everything about the case, take it, remarks, information requests
// and the proposal editor with the fee. Directors may read it too. The summary on top holds
// what the handler needs on the first screen and the next action; the rest is in sections
// (application, proposal and actions, remarks, history) that the section links jump to.
import "../../styles/case.css";
import { useState } from "react";
import { useMutation } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { DateField, ErrorSummary, TextArea } from "../../components/form/index.ts";
import { ErrorState } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { CaseSectionNav, CaseSummary, JumpLink } from "../case/CaseSummary.tsx";
import {
  CaseContent,
  ChangesView,
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
  const { t } = useI18n();
  const meState = useMe();
  const me = meState.status === "ready" ? meState.me : null;
  const isPresenter = !!me && application.presenter?.id === me.id;
  const isHandler = !!me?.roles.includes("HANDLER");
  const isDirector = !!me?.roles.includes("DIRECTOR");
  const preparing = application.state === "IN_PREPARATION" && isPresenter;
  const canTake = isHandler && !application.presenter && ["SUBMITTED", "IN_PREPARATION"].includes(application.state);
  return (
    <>
      <CaseSummary
        application={application}
        next={<NextAction application={application} canTake={canTake} preparing={preparing} isDirector={isDirector} />}
      />
      <CaseSectionNav
        sections={[
          { id: "section-application", label: t("case.nav.application") },
          { id: "section-actions", label: t("case.nav.actions") },
          { id: "section-remarks", label: t("case.section.remarks") },
          { id: "section-history", label: t("case.section.history") },
        ]}
      />
      <div id="section-application" className="case-section">
        <ChangesView application={application} />
        <CaseContent application={application} />
      </div>
      <div id="section-actions" className="case-section">
        <ProposalView application={application} />
        <DecisionView application={application} />
        {preparing && <ProposalEditor key={application.version} application={application} />}
        <InformationRequestsView application={application}>
          {isPresenter && <ResolveButtons application={application} />}
          {preparing && <InformationRequestForm application={application} />}
        </InformationRequestsView>
      </div>
      <div id="section-remarks" className="case-section">
        <RemarksView application={application}>
          <RemarkForm applicationId={application.id} />
        </RemarksView>
      </div>
      <div id="section-history" className="case-section">
        <HistoryView application={application} />
      </div>
    </>
  );
}

/** What happens next to the case, as the signed-in user can act on it. */
function NextAction({
  application,
  canTake,
  preparing,
  isDirector,
}: {
  application: CaseDetail;
  canTake: boolean;
  preparing: boolean;
  isDirector: boolean;
}) {
  const { t } = useI18n();
  if (canTake) return <TakeButton application={application} />;
  switch (application.state) {
    case "SUBMITTED":
      return <p>{t("case.next.waitingForPresenter")}</p>;
    case "IN_PREPARATION":
      return preparing ? (
        <JumpLink to="proposal-editor" className="button">
          {t("case.next.prepare")}
        </JumpLink>
      ) : (
        <p>{application.presenter ? t("case.next.preparing") : t("case.next.waitingForPresenter")}</p>
      );
    case "INFORMATION_REQUESTED":
      return (
        <p>
          {t("case.next.informationRequested")} <JumpLink to="case-irs">{t("case.next.seeInformationRequests")}</JumpLink>
        </p>
      );
    case "PROPOSED":
      return isDirector ? (
        <Link to={`/proposals/${application.id}`} className="button">
          {t("case.next.decide")}
        </Link>
      ) : (
        <p>{t("case.next.awaitingDecision")}</p>
      );
    case "DECIDED":
      return <JumpLink to="case-decision">{t("case.next.seeDecision")}</JumpLink>;
    default:
      return <p>{t("case.next.none")}</p>;
  }
}

function TakeButton({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [result, take] = useMutation(TakeApplicationMutation);
  return (
    <div className="actions case-summary__actions">
      {result.error && <ErrorState error={fromCombinedError(result.error)} />}
      <Button type="button" disabled={result.fetching} onClick={() => void take({ id: application.id, version: application.version })}>
        {t("handler.case.take")}
      </Button>
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
        <Button key={item.id} type="button" variant="secondary" onClick={() => void resolve({ id: application.id, itemId: item.id })}>
          {t("handler.ir.resolve", { request, item: item.number })}
        </Button>
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
      <Button type="submit" disabled={result.fetching}>
        {t("handler.ir.send")}
      </Button>
    </form>
  );
}

function ProposalEditor({ application }: { application: CaseDetail }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ProposalDraft>(() =>
    application.proposal
      ? proposalDraftFrom(application.proposal)
      : newProposalDraft(
          application.dataSources.map((s) => s.dataSourceId),
          application.suggestedFee.category,
          application.kind === "DATA_PERMIT" ? application.requestedValidityEnd : null,
        ),
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
        <Button type="submit" disabled={result.fetching}>
          {t("handler.proposal.submit")}
        </Button>
      </form>
    </section>
  );
}
