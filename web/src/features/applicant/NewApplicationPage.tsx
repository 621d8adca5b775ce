// Step 0 of the form: the kind of application, chosen once (the draft is created with it).
import { useState } from "react";
import { useMutation } from "urql";
import { useLocation } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import type { ApplicationKind } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { CreateApplicationMutation } from "./operations.ts";

const KINDS: ApplicationKind[] = ["DATA_PERMIT", "DATA_REQUEST"];

export default function NewApplicationPage() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [kind, setKind] = useState<ApplicationKind>("DATA_PERMIT");
  const [result, create] = useMutation(CreateApplicationMutation);
  return (
    <Page title={t("applicant.new.title")}>
      <p>{t("applicant.form.kindRule")}</p>
      {result.error && <ErrorState error={fromCombinedError(result.error)} />}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await create({ kind, input: {} });
          if (r.data) navigate(`/applications/${r.data.createApplication.id}/edit`);
        }}
      >
        <fieldset className="field field--group">
          <legend className="field__label">{t("case.kindLabel")}</legend>
          {KINDS.map((k) => (
            <div key={k} className="radio">
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={kind === k}
                aria-describedby={`kind-${k}-hint`} onChange={() => setKind(k)} />
              <label htmlFor={`kind-${k}`}>{t(`case.kind.${k}`)}</label>
              <p id={`kind-${k}-hint`} className="field__hint">
                {t(`applicant.new.hint.${k}` as "applicant.new.hint.DATA_PERMIT")}
              </p>
            </div>
          ))}
        </fieldset>
        <button type="submit" disabled={result.fetching}>
          {t("applicant.new.create")}
        </button>
      </form>
    </Page>
  );
}
