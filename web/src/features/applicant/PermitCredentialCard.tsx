// The permit as a signed credential (docs/permit-credential.md): its holder downloads the
// current one to show a processing environment, which checks it offline; staff see every
// credential issued, one per change of the permit's state. The history is asked for only by
// staff: the server refuses it to the holder.
import { useQuery } from "urql";
import type { PermitCredentialEvent } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { PermitCredentialHistoryQuery, PermitCredentialQuery } from "./operations.ts";

export function PermitCredentialCard({ permitId, isHolder, isStaff }: { permitId: string; isHolder: boolean; isStaff: boolean }) {
  const { t, formatDateTime } = useI18n();
  const [current] = useQuery({ query: PermitCredentialQuery, variables: { id: permitId } });
  const [history] = useQuery({ query: PermitCredentialHistoryQuery, variables: { id: permitId }, pause: !isStaff });
  const credential = current.data?.permit.credential;
  const issued = history.data?.permit.credentialHistory ?? [];
  if (!credential && !isStaff) return null;
  return (
    <section aria-labelledby="permit-credential" className="card">
      <h2 id="permit-credential">{t("applicant.permit.credential")}</h2>
      {credential ? (
        <p>{t("applicant.permit.credentialCurrent", { date: formatDateTime(credential.issuedAt), kid: credential.kid })}</p>
      ) : (
        <p>{t("applicant.permit.credentialNone")}</p>
      )}
      {credential && isHolder && (
        <p>
          <a href={`/api/permits/${permitId}/credential`} download>
            {t("applicant.permit.credentialDownload")}
          </a>
        </p>
      )}
      {isStaff && issued.length > 0 && (
        <div className="table-scroll">
          <table data-testid="credential-history">
            <caption>{t("applicant.permit.credentialHistory")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("applicant.permit.credentialEvent")}</th>
                <th scope="col">{t("applicant.permit.credentialIssuedAt")}</th>
                <th scope="col">{t("applicant.permit.credentialKid")}</th>
                <th scope="col">{t("applicant.permit.version")}</th>
              </tr>
            </thead>
            <tbody>
              {issued.map((c) => (
                <tr key={c.id}>
                  <td>{t(eventKey(c.event))}</td>
                  <td>{formatDateTime(c.issuedAt)}</td>
                  <td>{c.kid}</td>
                  <td>{c.amendmentVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function eventKey(event: PermitCredentialEvent) {
  return `applicant.permit.credentialEvent.${event}` as const;
}
