import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { hasAnyRole, useMe } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import type { OrganisationsQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { CreateOrganisationMutation, OrganisationsQuery as OrganisationsDocument } from "./operations.ts";
import { OrganisationList, type Column } from "./OrganisationList.tsx";
import { OrganisationInputs, useChangeProblems } from "./OrganisationParts.tsx";
import { EMPTY_ORGANISATION, missingDate, organisationInput, type OrganisationFields } from "./organisationForm.ts";
import { Button } from "../../components/ui/index.ts";

const PAGE_SIZE = 100;

type Listed = OrganisationsQuery["organisations"]["nodes"][number];

export default function OrganisationsPage() {
  const { t, formatDate } = useI18n();
  const meState = useMe();
  const isHandler = hasAnyRole(meState.status === "ready" ? meState.me : null, ["HANDLER"]);
  const [result, refetch] = useQuery({
    query: OrganisationsDocument,
    variables: { first: PAGE_SIZE },
    requestPolicy: "cache-and-network",
  });
  const columns: Column<Listed>[] = [
    { header: t("organisations.businessId"), cell: (o) => o.businessId },
    { header: t("organisations.customerSince"), cell: (o) => formatDate(o.customerSince) },
    {
      header: t("organisations.endedOn"),
      cell: (o) => (
        <>
          {o.relationshipEndedOn ? formatDate(o.relationshipEndedOn) : t("organisations.ongoing")}
          {o.contactDataPurgedOn && <div>{t("organisations.purgedOn", { date: formatDate(o.contactDataPurgedOn) })}</div>}
        </>
      ),
    },
  ];

  return (
    <Page title={t("organisations.title")}>
      {isHandler && <CreateOrganisation onCreated={() => refetch({ requestPolicy: "network-only" })} />}
      <OrganisationList
        items={result.data?.organisations.nodes}
        fetching={result.fetching}
        error={result.error}
        onRetry={() => refetch({ requestPolicy: "network-only" })}
        empty={t("organisations.empty")}
        caption={(count) => t("organisations.caption", { count })}
        columns={columns}
      />
    </Page>
  );
}

function CreateOrganisation({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<OrganisationFields>(EMPTY_ORGANISATION);
  const { problems, error, failed, local } = useChangeProblems();
  const [created, setCreated] = useState<string | null>(null);
  const [state, create] = useMutation(CreateOrganisationMutation);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching) return;
    setCreated(null);
    if (local(missingDate("customerSince", form.customerSince, t("form.required")))) return;
    const response = await create({ input: organisationInput(form) });
    if (response.error) {
      failed(fromCombinedError(response.error));
      return;
    }
    local([]);
    setForm(EMPTY_ORGANISATION);
    setCreated(response.data!.createOrganisation.name);
    onCreated();
  }

  return (
    <section aria-labelledby="create-organisation" className="card">
      <h2 id="create-organisation">{t("organisations.create.title")}</h2>
      <div role="status">{created && <p>{t("organisations.create.done", { name: created })}</p>}</div>
      <form method="post" noValidate onSubmit={submit}>
        <OrganisationInputs form={form} onChange={setForm} problems={problems} />
        {error && <ErrorState error={error} />}
        <Button type="submit" disabled={state.fetching}>
          {state.fetching ? t("organisations.create.pending") : t("organisations.create.submit")}
        </Button>
      </form>
    </section>
  );
}
