// "Who has handled your data": the staff reads and handling of the caller's objections (on
// the citizen's page) or of one application (on the applicant's), by role and organisation,
// never by name. Older entries load a page at a time behind the keyset cursor.
import { useState } from "react";
import { useQuery } from "urql";
import { fromCombinedError } from "../../api/errors.ts";
import { ErrorState, Loading } from "../../components/States.tsx";
import { Button } from "../../components/ui/index.ts";
import type { MyAccessLogQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { MyAccessLogDocument } from "./operations.ts";

type Entry = MyAccessLogQuery["myAccessLog"]["nodes"][number];

const PAGE_SIZE = 20;

export function AccessLogSection({ applicationId }: { applicationId?: string }) {
  const { t } = useI18n();
  // One query per page shown; the first page starts at the newest entry.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const headingId = applicationId ? `access-log-${applicationId}` : "access-log";
  return (
    <section className="card" aria-labelledby={headingId} data-testid="access-log">
      <h2 id={headingId}>{t("accessLog.heading")}</h2>
      <p>{t(applicationId ? "accessLog.application.explanation" : "accessLog.objections.explanation")}</p>
      {cursors.map((after, index) => (
        <AccessLogPage
          key={after ?? "first"}
          applicationId={applicationId}
          after={after}
          isFirst={index === 0}
          isLast={index === cursors.length - 1}
          onMore={(cursor) => setCursors((shown) => [...shown, cursor])}
        />
      ))}
    </section>
  );
}

function AccessLogPage({
  applicationId,
  after,
  isFirst,
  isLast,
  onMore,
}: {
  applicationId?: string;
  after: string | null;
  isFirst: boolean;
  isLast: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({
    query: MyAccessLogDocument,
    variables: { applicationId, first: PAGE_SIZE, after },
    requestPolicy: "cache-and-network",
  });
  const page = result.data?.myAccessLog;
  if (result.error) {
    return <ErrorState error={fromCombinedError(result.error)} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  }
  if (!page) return <Loading />;
  if (isFirst && page.nodes.length === 0) return <p>{t("accessLog.empty")}</p>;
  const next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  return (
    <>
      <AccessLogTable entries={page.nodes} caption={isFirst} />
      {isLast && next && (
        <Button type="button" variant="secondary" onClick={() => onMore(next)}>
          {t("accessLog.more")}
        </Button>
      )}
    </>
  );
}

function AccessLogTable({ entries, caption }: { entries: Entry[]; caption: boolean }) {
  const { t, formatDateTime } = useI18n();
  // On a narrow screen the table scrolls sideways inside its region, which takes focus so
  // that a keyboard can scroll it too (WCAG 2.1.1).
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("accessLog.caption")}>
      <table>
        {caption && <caption>{t("accessLog.caption")}</caption>}
        <thead>
          <tr>
            <th scope="col">{t("accessLog.when")}</th>
            <th scope="col">{t("accessLog.what")}</th>
            <th scope="col">{t("accessLog.who")}</th>
            <th scope="col">{t("accessLog.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{formatDateTime(entry.occurredAt)}</td>
              <td>{t(`accessLog.what.${entry.kind}.${entry.subjectType}`)}</td>
              <td>
                {t("accessLog.who.value", {
                  role: t(`role.${entry.role}`),
                  organisation: t(`accessLog.organisation.${entry.organisation}`),
                })}
              </td>
              <td>{entry.reason ?? t("accessLog.noReason")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
