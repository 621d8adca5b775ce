// One permit as its holder (and staff) see it: the terms in force, what became of it (revoked,
// destroyed, combined into another permit), every earlier version of its terms with the
// amendment decision that replaced them, its amendment applications, its signed credential, and
// what followed the permit: its data deliveries and output requests.
import { useQuery } from "urql";
import { useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { useMe } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import type { PermitDetailQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { PermitAfterwards } from "../delivery/PermitAfterwards.tsx";
import { statusKey } from "../public/labels.ts";
import { FormCatalogueQuery, PermitDetailQuery as PermitDetailDocument } from "./operations.ts";
import { PermitCredentialCard } from "./PermitCredentialCard.tsx";

type PermitDetail = PermitDetailQuery["permit"];

export default function PermitPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [result, refetch] = useQuery({ query: PermitDetailDocument, variables: { id } });
  const permit = result.data?.permit;
  return (
    <Page title={permit ? t("applicant.permit.title", { number: permit.decisionNumber }) : t("applicant.permit.titleLoading")}>
      {result.fetching && !permit && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch({ requestPolicy: "network-only" })} />}
      {permit && <PermitDetails permit={permit} />}
    </Page>
  );
}

function PermitDetails({ permit }: { permit: PermitDetail }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const [catalogue] = useQuery({ query: FormCatalogueQuery });
  const environmentName = (envId: string | null | undefined) =>
    envId ? (catalogue.data?.processingEnvironments.find((e) => e.id === envId)?.name ?? envId) : t("applicant.permit.none");
  const sourceName = (sourceId: string) => {
    for (const c of catalogue.data?.dataControllers ?? []) {
      const s = c.sources.find((x) => x.id === sourceId);
      if (s) return `${c.name}: ${s.name}`;
    }
    return sourceId;
  };
  // Staff follow links into the case pages; the holder into their own application pages.
  const isHolder = me.status === "ready" && me.me.roles.includes("APPLICANT");
  const applicationPath = (applicationId: string) => (isHolder ? `/applications/${applicationId}` : `/cases/${applicationId}`);
  return (
    <>
      <section aria-labelledby="permit-terms" className="card">
        <h2 id="permit-terms">{t("applicant.permit.terms")}</h2>
        <dl className="facts">
          <dt>{t("applicant.permit.decisionNumber")}</dt>
          <dd>
            <Link to={applicationPath(permit.applicationId)}>{permit.decisionNumber}</Link>
            {permit.diaryNumber && ` (${permit.diaryNumber})`}
          </dd>
          <dt>{t("applicant.permit.holder")}</dt>
          <dd data-testid="permit-holder">
            {permit.holderOrganisation
              ? t("applicant.permit.holderOrganisation", {
                  name: permit.holderOrganisation.name,
                  businessId: permit.holderOrganisation.businessId,
                })
              : t("applicant.permit.privateHolder")}
          </dd>
          <dt>{t("applicant.permit.status")}</dt>
          <dd>{t(statusKey(permit.status))}</dd>
          {permit.combinedInto && (
            <>
              <dt>{t("applicant.permit.combinedInto")}</dt>
              <dd>
                <Link to={`/permits/${permit.combinedInto}`}>{t("applicant.permit.combinedIntoLink")}</Link>
              </dd>
            </>
          )}
          {permit.revocationReason && (
            <>
              <dt>{t("applicant.permit.revocationReason")}</dt>
              <dd>{permit.revocationReason}</dd>
            </>
          )}
          {permit.dataDestroyedOn && (
            <>
              <dt>{t("applicant.permit.dataDestroyedOn")}</dt>
              <dd>{formatDate(permit.dataDestroyedOn)}</dd>
            </>
          )}
          <dt>{t("applicant.permit.validity")}</dt>
          <dd>{t("applicant.permit.validFromTo", { from: formatDate(permit.validFrom), until: formatDate(permit.validUntil) })}</dd>
          <dt>{t("applicant.permit.environment")}</dt>
          <dd>{permit.processingEnvironment?.name ?? t("applicant.permit.none")}</dd>
          <dt>{t("applicant.permit.processors")}</dt>
          <dd>
            <ul className="plain-list">
              {permit.processors.map((p, i) => (
                <li key={i}>
                  {p.firstName} {p.lastName}, {p.organisation}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t("applicant.permit.dataSources")}</dt>
          <dd>
            <ul className="plain-list">
              {permit.grantedDataSources.map((s) => (
                <li key={s.dataSourceId}>
                  {s.dataControllerName}: {s.dataSourceName}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        {permit.status === "ACTIVE" && isHolder && (
          <p>
            <Link to={`/permits/${permit.id}/amend`}>{t("applicant.status.amend")}</Link>
          </p>
        )}
      </section>

      <PermitCredentialCard
        permitId={permit.id}
        isHolder={isHolder}
        isStaff={me.status === "ready" && me.me.roles.some((r) => r === "HANDLER" || r === "DIRECTOR")}
      />

      <PermitAfterwards permitId={permit.id} active={permit.status === "ACTIVE"} isHolder={isHolder} />

      <section aria-labelledby="permit-versions" className="card">
        <h2 id="permit-versions">{t("applicant.permit.versions")}</h2>
        {permit.previousVersions.length === 0 ? (
          <p>{t("applicant.permit.versionsNone")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("applicant.permit.version")}</th>
                  <th scope="col">{t("applicant.permit.validUntil")}</th>
                  <th scope="col">{t("applicant.permit.environment")}</th>
                  <th scope="col">{t("applicant.permit.processors")}</th>
                  <th scope="col">{t("applicant.permit.dataSources")}</th>
                  <th scope="col">{t("applicant.permit.replacedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {permit.previousVersions.map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{formatDate(v.validUntil)}</td>
                    <td>{environmentName(v.processingEnvironmentId)}</td>
                    <td>{v.processors.map((p) => `${p.firstName} ${p.lastName}`).join(", ")}</td>
                    <td>{v.grantedDataSourceIds.map(sourceName).join("; ")}</td>
                    <td>
                      {v.amendmentApplicationId ? (
                        <Link to={applicationPath(v.amendmentApplicationId)}>{v.amendmentDecisionNumber ?? "—"}</Link>
                      ) : (
                        (v.amendmentDecisionNumber ?? "—")
                      )}{" "}
                      ({formatDateTime(v.replacedAt)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="permit-amendments" className="card">
        <h2 id="permit-amendments">{t("applicant.permit.amendments")}</h2>
        {permit.amendments.length === 0 ? (
          <p>{t("applicant.permit.amendmentsNone")}</p>
        ) : (
          <ul className="plain-list">
            {permit.amendments.map((a) => (
              <li key={a.applicationId}>
                <Link to={applicationPath(a.applicationId)}>{a.diaryNumber ?? t("applicant.permit.amendmentDraft")}</Link>
                {a.decisionNumber && a.decidedOn && ` — ${t("applicant.permit.amendmentDecided", { number: a.decisionNumber, date: formatDate(a.decidedOn) })}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
