// An applicant's organisations: those they are a contact person of, with their roles there.
// The main user opens one to manage its contact persons; others read them.
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { MyOrganisationsQuery } from "./operations.ts";
import { rolesOf } from "./organisationForm.ts";

const PAGE_SIZE = 100;

export default function MyOrganisationsPage() {
  const { t, formatDate } = useI18n();
  const meState = useMe();
  const subject = meState.status === "ready" ? meState.me.id : null;
  const [result, refetch] = useQuery({
    query: MyOrganisationsQuery,
    variables: { first: PAGE_SIZE },
    requestPolicy: "cache-and-network",
  });
  const items = result.data?.organisations.nodes;

  return (
    <Page title={t("organisations.mine.title")}>
      <p className="lead">{t("organisations.mine.lead")}</p>
      {result.fetching && !items && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {items?.length === 0 && (
        <EmptyState>
          <p>{t("organisations.mine.empty")}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t("organisations.mine.caption", { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organisations.name")}</th>
                <th scope="col">{t("organisations.businessId")}</th>
                <th scope="col">{t("organisations.mine.yourRoles")}</th>
                <th scope="col">{t("organisations.relationship")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                  </th>
                  <td>{o.businessId}</td>
                  <td>{rolesOf(subject, o.contactPersons).map((r) => t(`organisations.role.${r}`)).join(", ")}</td>
                  <td>
                    {o.relationshipEndedOn
                      ? t("organisations.endedOnDate", { date: formatDate(o.relationshipEndedOn) })
                      : t("organisations.ongoing")}
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
