import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { hasAnyRole, useMe } from "../../api/session.tsx";
import { DateField, ErrorSummary, TextField } from "../../components/form/index.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { problemsFor, validationProblems, type FieldProblem } from "../../lib/validation.ts";
import { Link } from "../../router/router.tsx";
import { CreateOrganisationMutation, OrganisationsQuery } from "./operations.ts";

const PAGE_SIZE = 100;

interface OrganisationForm {
  name: string;
  businessId: string;
  address: string;
  customerSince: string;
}

const EMPTY_FORM: OrganisationForm = { name: "", businessId: "", address: "", customerSince: "" };

export default function OrganisationsPage() {
  const { t, formatDate } = useI18n();
  const meState = useMe();
  const isHandler = hasAnyRole(meState.status === "ready" ? meState.me : null, ["HANDLER"]);
  const [result, refetch] = useQuery({
    query: OrganisationsQuery,
    variables: { first: PAGE_SIZE },
    requestPolicy: "cache-and-network",
  });
  const items = result.data?.organisations.nodes;

  return (
    <Page title={t("organisations.title")}>
      {isHandler && <CreateOrganisation onCreated={() => refetch({ requestPolicy: "network-only" })} />}
      {result.fetching && !items && <Loading />}
      {result.error && (
        <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      )}
      {items?.length === 0 && (
        <EmptyState>
          <p>{t("organisations.empty")}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t("organisations.caption", { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organisations.name")}</th>
                <th scope="col">{t("organisations.businessId")}</th>
                <th scope="col">{t("organisations.customerSince")}</th>
                <th scope="col">{t("organisations.endedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                  </th>
                  <td>{o.businessId}</td>
                  <td>{formatDate(o.customerSince)}</td>
                  <td>
                    {o.relationshipEndedOn ? formatDate(o.relationshipEndedOn) : t("organisations.ongoing")}
                    {o.contactDataPurgedOn && (
                      <div>{t("organisations.purgedOn", { date: formatDate(o.contactDataPurgedOn) })}</div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function CreateOrganisation({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<OrganisationForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [state, create] = useMutation(CreateOrganisationMutation);
  const labels: Record<keyof OrganisationForm, string> = {
    name: t("organisations.name"),
    businessId: t("organisations.businessId"),
    address: t("organisations.address"),
    customerSince: t("organisations.customerSince"),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.fetching) return;
    setCreated(null);
    setError(null);
    if (form.customerSince === "") {
      setProblems([{ field: "customerSince", message: t("form.required") }]);
      return;
    }
    const response = await create({
      input: {
        name: form.name,
        businessId: form.businessId.trim(),
        address: form.address.trim() === "" ? null : form.address,
        customerSince: form.customerSince,
      },
    });
    if (response.error) {
      const apiError = fromCombinedError(response.error);
      const found = validationProblems(apiError);
      setProblems(found);
      if (found.length === 0) setError(apiError);
      return;
    }
    setProblems([]);
    setForm(EMPTY_FORM);
    setCreated(response.data!.createOrganisation.name);
    onCreated();
  }

  return (
    <section aria-labelledby="create-organisation" className="card">
      <h2 id="create-organisation">{t("organisations.create.title")}</h2>
      <div role="status">{created && <p>{t("organisations.create.done", { name: created })}</p>}</div>
      <ErrorSummary problems={problems} labelFor={(f) => labels[f as keyof OrganisationForm]} />
      <form method="post" noValidate onSubmit={submit}>
        <TextField name="name" label={labels.name} value={form.name} required
          onChange={(v) => setForm({ ...form, name: v })} errors={problemsFor(problems, "name")} />
        <TextField name="businessId" label={labels.businessId} hint={t("organisations.businessIdHint")}
          value={form.businessId} required autoComplete="off"
          onChange={(v) => setForm({ ...form, businessId: v })} errors={problemsFor(problems, "businessId")} />
        <TextField name="address" label={labels.address} value={form.address} autoComplete="street-address"
          onChange={(v) => setForm({ ...form, address: v })} errors={problemsFor(problems, "address")} />
        <DateField name="customerSince" label={labels.customerSince} value={form.customerSince} required
          onChange={(v) => setForm({ ...form, customerSince: v })} errors={problemsFor(problems, "customerSince")} />
        {error && <ErrorState error={error} />}
        <button type="submit" disabled={state.fetching}>
          {state.fetching ? t("organisations.create.pending") : t("organisations.create.submit")}
        </button>
      </form>
    </section>
  );
}
