// Step 0 of the form: the kind of application, chosen once (the draft is created with it).
import { useState } from "react";
import { useMutation } from "urql";
import { useLocation } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { RadioGroup } from "../../components/form/index.ts";
import type { ApplicationKind } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { CreateApplicationMutation } from "./operations.ts";
import { Button } from "../../components/ui/index.ts";

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
        <RadioGroup
          name="kind"
          label={t("case.kindLabel")}
          value={kind}
          onChange={(k) => setKind(k as ApplicationKind)}
          options={KINDS.map((k) => ({
            value: k,
            label: t(`case.kind.${k}`),
            hint: t(`applicant.new.hint.${k}` as "applicant.new.hint.DATA_PERMIT"),
          }))}
        />
        <Button type="submit" disabled={result.fetching}>
          {t("applicant.new.create")}
        </Button>
      </form>
    </Page>
  );
}
