// Apply to amend a permit: choose the changes and their new values; the rest of the
// application is copied from the permit's application by the server.
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { useLocation, useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { CheckboxGroup, DateField, ErrorSummary, Select, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import type { AmendmentChange } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems } from "../../lib/validation.ts";
import { amendmentToInput, combinablePermitOptions, emptyAmendment, type AmendmentDraft } from "./amendment.ts";
import { todayInFinland } from "../case/format.ts";
import { usableEnvironmentOptions } from "./environments.ts";
import { CreateApplicationMutation, FormCatalogueQuery, HeldPermitsQuery, PermitForAmendmentQuery } from "./operations.ts";

const CHANGES: AmendmentChange[] = ["EXTEND_VALIDITY", "ADD_PROCESSORS", "REMOVE_PROCESSORS", "CHANGE_ENVIRONMENT", "COMBINE_PERMITS"];

export default function AmendPermitPage() {
  const { t, formatDate } = useI18n();
  const { id = "" } = useParams();
  const [, navigate] = useLocation();
  const [permitResult, refetch] = useQuery({ query: PermitForAmendmentQuery, variables: { id } });
  const [catalogue] = useQuery({ query: FormCatalogueQuery });
  const [held] = useQuery({ query: HeldPermitsQuery });
  const [draft, setDraft] = useState<AmendmentDraft>(emptyAmendment);
  const [result, create] = useMutation(CreateApplicationMutation);
  const permit = permitResult.data?.permit;
  const failure = result.error ? fromCombinedError(result.error) : null;
  const problems = validationProblems(failure);
  const errorsFor = (path: string) => problemsFor(problems, path);
  const set = (patch: Partial<AmendmentDraft>) => setDraft({ ...draft, ...patch });
  const combinable = combinablePermitOptions(held.data?.myApplications.nodes ?? [], { id, purpose: permit?.purpose }, todayInFinland(), (p) =>
    t("applicant.amend.combineOption", { number: p.decisionNumber, title: p.title, date: formatDate(p.validUntil) }),
  );
  return (
    <Page title={t("applicant.amend.title")}>
      {permitResult.fetching && <Loading />}
      {permitResult.error && <ErrorState error={fromCombinedError(permitResult.error)} onRetry={() => refetch()} />}
      {permit && (
        <>
          <p>{t("applicant.amend.permit", { number: permit.decisionNumber, date: formatDate(permit.validUntil) })}</p>
          <ErrorSummary problems={problems} />
          {failure && problems.length === 0 && <ErrorState error={failure} />}
          <form
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const r = await create({ kind: "AMENDMENT", input: {}, permit: permit.id, amendment: amendmentToInput(draft) });
              if (r.data) navigate(`/applications/${r.data.createApplication.id}/edit`);
            }}
          >
            <CheckboxGroup name="changes" label={t("applicant.amend.changes")} required value={draft.changes}
              options={CHANGES.map((c) => ({ value: c, label: t(`case.change.${c}`) }))} errors={errorsFor("changes")}
              onChange={(v) => set({ changes: v as AmendmentChange[] })} />
            {draft.changes.includes("EXTEND_VALIDITY") && (
              <DateField name="newValidUntil" label={t("applicant.amend.newValidUntil")} required value={draft.newValidUntil}
                errors={errorsFor("newValidUntil")} onChange={(v) => set({ newValidUntil: v })} />
            )}
            {draft.changes.includes("ADD_PROCESSORS") && (
              <fieldset className="card">
                <legend>{t("case.change.ADD_PROCESSORS")}</legend>
                <TextField name="addProcessors[0].firstName" label={t("applicant.form.firstName")} required
                  value={draft.addFirstName} errors={errorsFor("addProcessors[0].firstName")} onChange={(v) => set({ addFirstName: v })} />
                <TextField name="addProcessors[0].lastName" label={t("applicant.form.lastName")} required
                  value={draft.addLastName} errors={errorsFor("addProcessors[0].lastName")} onChange={(v) => set({ addLastName: v })} />
                <TextField name="addProcessors[0].organisation" label={t("case.field.organisationName")} required
                  value={draft.addOrganisation} errors={errorsFor("addProcessors[0].organisation")}
                  onChange={(v) => set({ addOrganisation: v })} />
              </fieldset>
            )}
            {draft.changes.includes("REMOVE_PROCESSORS") && (
              <CheckboxGroup name="removeProcessors" label={t("case.change.REMOVE_PROCESSORS")} value={draft.remove.map(String)}
                options={permit.processors.map((p, i) => ({ value: String(i), label: `${p.firstName} ${p.lastName}, ${p.organisation}` }))}
                errors={errorsFor("removeProcessors")}
                onChange={(v) => set({ remove: v.map(Number), removeProcessors: v.map((i) => permit.processors[Number(i)]!) })} />
            )}
            {draft.changes.includes("CHANGE_ENVIRONMENT") && (
              <Select name="newEnvironmentId" label={t("case.field.processingEnvironment")} required placeholder={t("applicant.form.choose")}
                value={draft.newEnvironmentId} errors={errorsFor("newEnvironmentId")}
                options={usableEnvironmentOptions(catalogue.data?.processingEnvironments ?? [], todayInFinland())}
                onChange={(v) => set({ newEnvironmentId: v })} />
            )}
            {draft.changes.includes("COMBINE_PERMITS") &&
              (combinable.length > 0 ? (
                <CheckboxGroup name="combinePermitIds" label={t("applicant.amend.combinePermits")}
                  hint={t("applicant.amend.combineHint")} required value={draft.combinePermitIds} options={combinable}
                  errors={errorsFor("combinePermitIds")} onChange={(v) => set({ combinePermitIds: v })} />
              ) : (
                !held.fetching && <p role="status">{t("applicant.amend.combineNone")}</p>
              ))}
            <button type="submit" disabled={result.fetching}>
              {t("applicant.amend.create")}
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
