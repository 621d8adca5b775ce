// The multi-step application form. Each "Next" saves the draft (updateApplication replaces the
// whole content); the last step shows every section at once so that, when submission fails,
// each server problem sits next to its field and the error summary can link to all of them.
// An amendment's draft starts with the changes it applies for, read back from the server.
import { useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useLocation, useParams, useSearchParams } from "wouter";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { ErrorSummary, FileField, Select } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { Button, Notice } from "../../components/ui/index.ts";
import type { AttachmentKind } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { AttachmentList, type CaseDetail } from "../case/CaseViews.tsx";
import { CaseQuery } from "../case/operations.ts";
import { draftFromApplication, draftToInput, fieldLabelKey, organisationChoices, rowOfField, validateStep, type Draft } from "./draft.ts";
import { amendmentFromApplication, amendmentToInput, CHANGES_STEP, formStepOfField, formStepsFor, type AmendmentDraft, type FormStep } from "./amendment.ts";
import { AmendmentFields, type AmendedPermit } from "./AmendmentFields.tsx";
import { DraftDeletionNotice, type DraftDeletion } from "./DraftDeletionNotice.tsx";
import { todayInFinland } from "../case/format.ts";
import { usableEnvironmentOptions } from "./environments.ts";
import { SECTIONS, type Catalogue } from "./FormSections.tsx";
import { FormStepper } from "./FormStepper.tsx";
import { firstControlIn, mergeProblems, stepStatus } from "./stepper.ts";
import {
  FormCatalogueQuery,
  PermitForAmendmentQuery,
  SubmitApplicationMutation,
  UpdateApplicationMutation,
  UploadAttachmentMutation,
} from "./operations.ts";

export default function ApplicationFormPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [caseResult, refetchCase] = useQuery({ query: CaseQuery, variables: { id }, requestPolicy: "network-only" });
  const [catalogueResult] = useQuery({ query: FormCatalogueQuery });
  const application = caseResult.data?.application;
  // An amendment's changes are edited against its permit (the processors it may remove).
  const permitId = application?.kind === "AMENDMENT" ? application.permitId : null;
  const [permitResult] = useQuery({ query: PermitForAmendmentQuery, variables: { id: permitId ?? "" }, pause: !permitId });
  const permit = permitResult.data?.permit ?? null;
  const error = caseResult.error ?? catalogueResult.error ?? permitResult.error;
  return (
    <Page title={t("applicant.form.title")}>
      {(caseResult.fetching || catalogueResult.fetching) && !application && <Loading />}
      {error && <ErrorState error={fromCombinedError(error)} onRetry={() => refetchCase()} />}
      {application && catalogueResult.data && (!permitId || permit) && (
        <ApplicationForm
          key={application.id}
          application={application}
          permit={permit}
          catalogue={{
            sources: catalogueResult.data.dataControllers.flatMap((c) =>
              c.sources.map((s) => ({ value: s.id, label: `${c.name}: ${s.name}` })),
            ),
            environments: usableEnvironmentOptions(catalogueResult.data.processingEnvironments, todayInFinland()),
            organisations: organisationChoices(catalogueResult.data.organisations?.nodes ?? [], todayInFinland()),
          }}
          onUploaded={() => refetchCase({ requestPolicy: "network-only" })}
        />
      )}
    </Page>
  );
}

function ApplicationForm({
  application,
  permit,
  catalogue,
  onUploaded,
}: {
  application: CaseDetail;
  permit: AmendedPermit | null;
  catalogue: Catalogue;
  onUploaded: () => void;
}) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params, setParams] = useSearchParams();
  const kind = application.kind;
  const steps = formStepsFor(kind);
  const requested = params.get("step") as FormStep | null;
  const step: FormStep = requested && steps.includes(requested) ? requested : steps[0]!;
  const [draft, setDraft] = useState<Draft>(() => draftFromApplication(application));
  const [amendment, setAmendment] = useState<AmendmentDraft>(() =>
    amendmentFromApplication(application.amendment, permit?.processors ?? []),
  );
  // Saving a draft moves its deletion day on: the answer to the save says whether to warn.
  const [deletion, setDeletion] = useState<DraftDeletion>(application);
  const [version, setVersion] = useState(application.version);
  // An upload bumps the version on the server; pick up the newer one from the refetch.
  useEffect(() => setVersion((v) => Math.max(v, application.version)), [application.version]);
  // Every open problem: each shows at its field and marks its step in the step list until
  // that step is checked again. The summary lists those of the latest check only, and goes
  // when the applicant moves to another step (its links would lead off the page).
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [summary, setSummary] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [, update] = useMutation(UpdateApplicationMutation);
  const [, submit] = useMutation(SubmitApplicationMutation);
  const [busy, setBusy] = useState(false);
  const isDraft = application.state === "DRAFT";

  const labelFor = (path: string) => {
    const key = fieldLabelKey(path);
    if (!key) return undefined;
    const row = rowOfField(path);
    return row === null ? t(key) : `${t(key)} (${row})`;
  };
  const problemSteps = useMemo(() => new Set(problems.map((p) => formStepOfField(p.field))), [problems]);
  const content = { kind, draft, amendment, attachmentCount: application.attachments.length };

  function go(next: FormStep) {
    const search = new URLSearchParams(params);
    search.set("step", next);
    setParams(search);
  }

  function report(checked: FormStep[], fresh: FieldProblem[]) {
    setProblems((previous) => mergeProblems(previous, checked, fresh, formStepOfField));
    setSummary(fresh);
  }

  const top = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const fields = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step);
  // A new step (Next, Previous, the step list, Back): what was said about the last one goes,
  // and focus moves to the new step's heading with the form's top in view. The router's
  // navigation focuses the page's h1 in an effect that runs after this one (the parent's), so
  // the heading takes focus in a task of its own, after it.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    setSummary([]);
    setSaved(false);
    setFailure(null);
    const timer = window.setTimeout(() => {
      heading.current?.focus({ preventScroll: true });
      const box = top.current?.getBoundingClientRect();
      if (box && (box.top < 0 || box.top > window.innerHeight)) top.current?.scrollIntoView?.({ block: "start" });
    }, 0);
    return () => window.clearTimeout(timer);
  }, [step]);

  function skipToFirstField() {
    const target = (fields.current && firstControlIn(fields.current)) ?? heading.current;
    target?.focus({ preventScroll: true });
    target?.scrollIntoView?.({ block: "center" });
  }

  /** Checks the given steps locally, then saves; returns the new version or null. */
  async function save(checkSteps: FormStep[]): Promise<number | null> {
    setSaved(false);
    setFailure(null);
    const local = checkSteps.flatMap((s) => (s === CHANGES_STEP ? [] : validateStep(s, draft, kind)));
    if (local.length > 0) {
      report(checkSteps, local.map((p) => ({ field: p.field, message: t(p.key) })));
      return null;
    }
    const result = await update({
      id: application.id,
      version,
      input: draftToInput(draft, kind),
      amendment: kind === "AMENDMENT" ? amendmentToInput(amendment) : null,
    });
    if (result.error) {
      const apiError = fromCombinedError(result.error);
      const fieldProblems = validationProblems(apiError);
      report(checkSteps, fieldProblems);
      if (fieldProblems.length === 0) setFailure(apiError);
      return null;
    }
    report(checkSteps, []);
    const next = result.data!.updateApplication.version;
    setVersion(next);
    setDeletion(result.data!.updateApplication);
    return next;
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  const index = steps.indexOf(step);
  const onReview = step === "review";
  const errorsFor = (path: string) => problemsFor(problems, path);
  const section = (s: FormStep) =>
    s === CHANGES_STEP
      ? permit && <AmendmentFields permit={permit} draft={amendment} onChange={setAmendment} errorsFor={errorsFor} />
      : SECTIONS[s]?.({ kind, draft, onChange: setDraft, errorsFor, catalogue });

  return (
    <>
      <p>
        {t(`case.kind.${kind}`)}
        {application.diaryNumber && ` · ${application.diaryNumber}`} · {t(`case.state.${application.state}`)}
      </p>
      <div ref={top}>
        <FormStepper steps={steps} current={step} statusOf={(s) => stepStatus(s, content, problemSteps)}
          onSelect={go} onSkip={skipToFirstField} target={STEP_HEADING} />
      </div>
      <DraftDeletionNotice application={deletion} />
      <ErrorSummary problems={summary} labelFor={labelFor} />
      {failure && <ErrorState error={failure} />}
      <div role="status">{saved && <Notice>{t("applicant.form.saved")}</Notice>}</div>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            if (!onReview) {
              if ((await save([step])) !== null) go(steps[index + 1]!);
              return;
            }
            const checkSteps = steps.filter((s) => s !== "review" && s !== "attachments");
            const current = await save(checkSteps);
            if (current === null) return;
            if (!isDraft) {
              navigate(`/applications/${application.id}`);
              return;
            }
            const result = await submit({ id: application.id, version: current });
            if (result.error) {
              const apiError = fromCombinedError(result.error);
              // Submission checks everything: its problems are all there is.
              const fieldProblems = validationProblems(apiError);
              setProblems(fieldProblems);
              setSummary(fieldProblems);
              if (fieldProblems.length === 0) setFailure(apiError);
              return;
            }
            navigate(`/applications/${application.id}`);
          });
        }}
      >
        <h2 id={STEP_HEADING} ref={heading} tabIndex={-1}>
          {t(`applicant.step.${step}`)}
        </h2>
        <div ref={fields}>
          {step === "purpose" && <Notice>{t("applicant.form.kindRule")}</Notice>}
          {step === "attachments" && <AttachmentsStep application={application} onUploaded={onUploaded} />}
          {!onReview && section(step)}
          {onReview &&
            steps
              .filter((s) => s === CHANGES_STEP || SECTIONS[s])
              .map((s) => (
                <section key={s} aria-labelledby={`review-${s}`} className="card">
                  <h3 id={`review-${s}`}>{t(`applicant.step.${s}`)}</h3>
                  {section(s)}
                </section>
              ))}
        </div>
        <div className="actions">
          {index > 0 && (
            <Button type="button" variant="secondary" onClick={() => go(steps[index - 1]!)}>
              {t("applicant.form.previous")}
            </Button>
          )}
          <Button type="button" variant="secondary" disabled={busy}
            onClick={() => void run(async () => {
              if ((await save([step])) !== null) setSaved(true);
            })}>
            {t("applicant.form.saveDraft")}
          </Button>
          <Button type="submit" disabled={busy}>
            {onReview ? (isDraft ? t("applicant.form.submit") : t("applicant.form.saveChanges")) : t("applicant.form.next")}
          </Button>
        </div>
      </form>
      <p>
        <Link to={`/applications/${application.id}`}>{t("applicant.form.toStatus")}</Link>
      </p>
    </>
  );
}

/** The id of the current step's heading: where the skip link leads without its script. */
const STEP_HEADING = "form-step-heading";

const ATTACHMENT_KINDS: AttachmentKind[] = ["RESEARCH_PLAN", "DPIA", "ETHICS_STATEMENT", "OTHER"];

function AttachmentsStep({ application, onUploaded }: { application: CaseDetail; onUploaded: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<AttachmentKind>("RESEARCH_PLAN");
  const [file, setFile] = useState<File | null>(null);
  const [result, upload] = useMutation(UploadAttachmentMutation);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const failure = result.error ? fromCombinedError(result.error) : null;
  return (
    <div className="card">
      <p>{t("applicant.attachments.hint")}</p>
      <Select name="attachmentKind" label={t("applicant.attachments.kind")} value={kind}
        options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`case.attachment.${k}`) }))}
        onChange={(v) => setKind(v as AttachmentKind)} />
      <FileField name="file" label={t("applicant.attachments.file")} accept="application/pdf,text/plain" file={file}
        errors={problemsFor(problems, "file")} onChange={setFile} />
      {failure && validationProblems(failure).length === 0 && <ErrorState error={failure} />}
      <Button type="button" disabled={!file || result.fetching}
        onClick={async () => {
          if (!file) return;
          const r = await upload({ applicationId: application.id, kind, file });
          if (r.error) {
            setProblems(validationProblems(fromCombinedError(r.error)));
            return;
          }
          setProblems([]);
          setFile(null);
          onUploaded();
        }}>
        {t("applicant.attachments.upload")}
      </Button>
      <AttachmentList application={application} nested />
    </div>
  );
}
