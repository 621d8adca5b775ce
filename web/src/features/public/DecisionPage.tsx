// One decision of the public register, with every public field and, for a permit, the
// amendment decisions made since (its amendment history).
import { useQuery } from "urql";
import { useParams } from "wouter";
import { fromCombinedError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { graphql } from "../../gql/index.ts";
import type { PublishedDecisionQuery } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";
import { EMPTY_FILTERS, decisionPath, registerPath } from "./filters.ts";
import { kindKey, outcomeKey, purposeKey, statusKey } from "./labels.ts";

const PublishedDecisionDocument = graphql(`
  query PublishedDecision($diaryNumber: String!) {
    publishedDecision(diaryNumber: $diaryNumber) {
      diaryNumber
      decisionNumber
      decidedOn
      kind
      outcome
      purpose
      title
      publicSummary
      holder
      dataControllers
      registers {
        dataController
        dataControllerCode
        register
      }
      processingEnvironment
      validFrom
      validUntil
      permitStatus
      amendsDiaryNumber
      combinedIntoDiaryNumber
      documentUrl
      revocationDocumentUrl
      amendments {
        diaryNumber
        decisionNumber
        decidedOn
        outcome
      }
    }
  }
`);

type Decision = PublishedDecisionQuery["publishedDecision"];

export default function DecisionPage() {
  const { t } = useI18n();
  const { diaryNumber = "" } = useParams();
  const [result, reexecute] = useQuery({ query: PublishedDecisionDocument, variables: { diaryNumber } });
  const decision = result.data?.publishedDecision;

  return (
    <Page title={decision?.title ?? t("public.decision.titleLoading", { diaryNumber })}>
      <p>
        <Link to="/register">{t("public.decision.back")}</Link>
      </p>
      {result.fetching && !decision && <Loading />}
      {result.error && (
        <ErrorState
          error={fromCombinedError(result.error)}
          onRetry={() => reexecute({ requestPolicy: "network-only" })}
        />
      )}
      {decision && <DecisionDetails decision={decision} />}
    </Page>
  );
}

function DecisionDetails({ decision }: { decision: Decision }) {
  const { t, formatDate } = useI18n();
  const none = t("public.decision.none");
  // Registers grouped under their controller, in the order the decision names them.
  const controllers = new Map<string, { name: string; registers: string[] }>();
  for (const r of decision.registers) {
    const entry = controllers.get(r.dataControllerCode) ?? { name: r.dataController, registers: [] };
    entry.registers.push(r.register);
    controllers.set(r.dataControllerCode, entry);
  }
  const controllerNames = new Set([...controllers.values()].map((c) => c.name));
  const unlisted = decision.dataControllers.filter((name) => !controllerNames.has(name));

  return (
    <>
      <p className="lead">{decision.publicSummary}</p>
      <section aria-labelledby="decision-facts" className="card">
        <h2 id="decision-facts">{t("public.decision.facts")}</h2>
        <dl className="facts">
          <dt>{t("public.decision.diaryNumber")}</dt>
          <dd>{decision.diaryNumber}</dd>
          <dt>{t("public.decision.decisionNumber")}</dt>
          <dd>{decision.decisionNumber}</dd>
          <dt>{t("public.decision.decidedOn")}</dt>
          <dd>{formatDate(decision.decidedOn)}</dd>
          <dt>{t("public.decision.kind")}</dt>
          <dd>{t(kindKey(decision.kind))}</dd>
          <dt>{t("public.decision.outcome")}</dt>
          <dd>
            <span className={`outcome outcome--${decision.outcome.toLowerCase()}`}>
              {t(outcomeKey(decision.outcome))}
            </span>
          </dd>
          <dt>{t("public.decision.purpose")}</dt>
          <dd>{decision.purpose ? t(purposeKey(decision.purpose)) : none}</dd>
          <dt>{t("public.decision.holder")}</dt>
          <dd>{decision.holder}</dd>
          <dt>{t("public.decision.processingEnvironment")}</dt>
          <dd>{decision.processingEnvironment ?? none}</dd>
          <dt>{t("public.decision.validity")}</dt>
          <dd>
            {decision.validFrom || decision.validUntil
              ? t("public.decision.validFromTo", {
                  from: decision.validFrom ? formatDate(decision.validFrom) : "",
                  until: decision.validUntil ? formatDate(decision.validUntil) : "",
                })
              : none}
          </dd>
          <dt>{t("public.decision.permitStatus")}</dt>
          <dd>{decision.permitStatus ? t(statusKey(decision.permitStatus)) : none}</dd>
          {decision.amendsDiaryNumber && (
            <>
              <dt>{t("public.decision.amends")}</dt>
              <dd>
                <Link to={decisionPath(decision.amendsDiaryNumber)}>{decision.amendsDiaryNumber}</Link>
              </dd>
            </>
          )}
          {decision.combinedIntoDiaryNumber && (
            <>
              <dt>{t("public.decision.combinedInto")}</dt>
              <dd>
                <Link to={decisionPath(decision.combinedIntoDiaryNumber)}>{decision.combinedIntoDiaryNumber}</Link>
              </dd>
            </>
          )}
        </dl>
        <p>
          <a href={decision.documentUrl} download>
            {t("public.decision.documentPdf")}
          </a>
          {decision.revocationDocumentUrl && (
            <>
              {" · "}
              <a href={decision.revocationDocumentUrl} download>
                {t("public.decision.revocationPdf")}
              </a>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="decision-registers" className="card">
        <h2 id="decision-registers">
          {t(decision.outcome === "REJECTED" ? "public.decision.registers" : "public.decision.registersGranted")}
        </h2>
        <ul className="controller-list">
          {[...controllers.entries()].map(([code, c]) => (
            <li key={code}>
              <Link
                to={registerPath({ ...EMPTY_FILTERS, dataController: code })}
                aria-label={t("public.decision.controllerDecisions", { name: c.name })}
              >
                {c.name}
              </Link>
              <ul>
                {c.registers.map((register) => (
                  <li key={register}>{register}</li>
                ))}
              </ul>
            </li>
          ))}
          {unlisted.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      </section>

      {decision.kind !== "AMENDMENT" && (
        <section aria-labelledby="decision-amendments" className="card">
          <h2 id="decision-amendments">{t("public.decision.amendments")}</h2>
          {decision.amendments.length === 0 ? (
            <p>{t("public.decision.amendmentsNone")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("public.decision.amendmentDecision")}</th>
                    <th scope="col">{t("public.decision.decidedOn")}</th>
                    <th scope="col">{t("public.decision.outcome")}</th>
                  </tr>
                </thead>
                <tbody>
                  {decision.amendments.map((a) => (
                    <tr key={a.decisionNumber}>
                      <td>
                        <Link to={decisionPath(a.diaryNumber)}>{a.decisionNumber}</Link>
                      </td>
                      <td>{formatDate(a.decidedOn)}</td>
                      <td>{t(outcomeKey(a.outcome))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
