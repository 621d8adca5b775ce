// An applicant's organisations: those they are a contact person of, with their roles there.
// The main user opens one to manage its contact persons; others read them.
import { useQuery } from "urql";
import { useMe } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import type { MyOrganisationsQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { MyOrganisationsQuery as MyOrganisationsDocument } from "./operations.ts";
import { OrganisationList, type Column } from "./OrganisationList.tsx";
import { rolesOf } from "./organisationForm.ts";

const PAGE_SIZE = 100;

type Mine = MyOrganisationsQuery["organisations"]["nodes"][number];

export default function MyOrganisationsPage() {
  const { t, formatDate } = useI18n();
  const meState = useMe();
  const subject = meState.status === "ready" ? meState.me.id : null;
  const [result, refetch] = useQuery({
    query: MyOrganisationsDocument,
    variables: { first: PAGE_SIZE },
    requestPolicy: "cache-and-network",
  });
  const columns: Column<Mine>[] = [
    { header: t("organisations.businessId"), cell: (o) => o.businessId },
    {
      header: t("organisations.mine.yourRoles"),
      cell: (o) => rolesOf(subject, o.contactPersons).map((r) => t(`organisations.role.${r}`)).join(", "),
    },
    {
      header: t("organisations.relationship"),
      cell: (o) => (o.relationshipEndedOn ? t("organisations.endedOnDate", { date: formatDate(o.relationshipEndedOn) }) : t("organisations.ongoing")),
    },
  ];

  return (
    <Page title={t("organisations.mine.title")}>
      <p className="lead">{t("organisations.mine.lead")}</p>
      <OrganisationList
        items={result.data?.organisations.nodes}
        fetching={result.fetching}
        error={result.error}
        onRetry={() => refetch({ requestPolicy: "network-only" })}
        empty={t("organisations.mine.empty")}
        caption={(count) => t("organisations.mine.caption", { count })}
        columns={columns}
      />
    </Page>
  );
}
