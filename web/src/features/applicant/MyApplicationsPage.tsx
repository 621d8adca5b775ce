import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { DraftDeletionNotice } from "./DraftDeletionNotice.tsx";
import { MyApplicationsQuery } from "./operations.ts";

export default function MyApplicationsPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const [result, refetch] = useQuery({ query: MyApplicationsQuery, variables: { first: 100 }, requestPolicy: "network-only" });
  const nodes = result.data?.myApplications.nodes;
  return (
    <Page title={t("applicant.list.title")}>
      <p>
        <Link to="/applications/new" className="button">
          {t("applicant.list.new")}
        </Link>
      </p>
      {result.fetching && !nodes && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch()} />}
      {nodes?.length === 0 && (
        <EmptyState>
          <p>{t("applicant.list.empty")}</p>
        </EmptyState>
      )}
      {nodes && nodes.length > 0 && (
        <ul className="plain-list cards" data-testid="my-applications">
          {nodes.map((a) => (
            <li key={a.id} className="card">
              <h2>
                <Link to={`/applications/${a.id}`}>{a.title ?? t("applicant.list.untitled")}</Link>
              </h2>
              <p>
                {t(`case.kind.${a.kind}`)} · <strong>{t(`case.state.${a.state}`)}</strong>
                {a.diaryNumber && ` · ${a.diaryNumber}`}
              </p>
              <p>
                {a.deadline
                  ? t("case.deadline.dueOn", { date: formatDate(a.deadline.dueOn) })
                  : t("applicant.list.updated", { time: formatDateTime(a.updatedAt) })}
              </p>
              <DraftDeletionNotice application={a} />
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
