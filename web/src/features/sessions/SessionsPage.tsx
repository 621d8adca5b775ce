// "My sessions": the signed-in user's own sessions (every browser or device signed in), with
// a way to end one or all the others.
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { fromCombinedError, type ApiError } from "../../api/errors.ts";
import { Page } from "../../components/Page.tsx";
import { EmptyState, ErrorState, Loading } from "../../components/States.tsx";
import type { MySessionsQuery as MySessionsData } from "../../gql/graphql.ts";
import { useI18n } from "../../i18n/context.tsx";
import { EndOtherSessionsMutation, EndSessionMutation, MySessionsQuery } from "./operations.ts";
import { Button, Notice } from "../../components/ui/index.ts";

type SignInSession = MySessionsData["mySessions"][number];

/** The earlier of the idle and the absolute expiry: when the session ends if left alone. */
export function endsAt(session: Pick<SignInSession, "idleExpiresAt" | "absoluteExpiresAt">): string {
  return Date.parse(session.idleExpiresAt) < Date.parse(session.absoluteExpiresAt)
    ? session.idleExpiresAt
    : session.absoluteExpiresAt;
}

export default function SessionsPage() {
  const { t } = useI18n();
  const [result, refetch] = useQuery({ query: MySessionsQuery, requestPolicy: "network-only" });
  const [endOne, endSession] = useMutation(EndSessionMutation);
  const [endMany, endOthers] = useMutation(EndOtherSessionsMutation);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const sessions = result.data?.mySessions;
  const others = sessions?.filter((s) => !s.current) ?? [];
  const pending = endOne.fetching || endMany.fetching;

  async function end(id: string) {
    setNotice(null);
    setError(null);
    const outcome = await endSession({ id });
    if (outcome.error) setError(fromCombinedError(outcome.error));
    else setNotice(t("sessions.ended"));
    refetch({ requestPolicy: "network-only" });
  }

  async function endAllOthers() {
    setNotice(null);
    setError(null);
    const outcome = await endOthers({});
    if (outcome.error) setError(fromCombinedError(outcome.error));
    else setNotice(t("sessions.endedOthers", { count: String(outcome.data?.endOtherSessions ?? 0) }));
    refetch({ requestPolicy: "network-only" });
  }

  return (
    <Page title={t("sessions.title")}>
      <p>{t("sessions.intro")}</p>
      <div role="status">{notice && <Notice>{notice}</Notice>}</div>
      {error && <ErrorState error={error} />}
      {result.fetching && !sessions && <Loading />}
      {result.error && <ErrorState error={fromCombinedError(result.error)} onRetry={() => refetch()} />}
      {sessions?.length === 0 && (
        <EmptyState>
          <p>{t("sessions.empty")}</p>
        </EmptyState>
      )}
      {sessions && sessions.length > 0 && (
        <ul className="plain-list cards" aria-label={t("sessions.list")} data-testid="my-sessions">
          {sessions.map((s) => (
            <SessionCard key={s.id} session={s} pending={pending} onEnd={() => end(s.id)} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <p>
          <Button type="button" onClick={endAllOthers} disabled={pending}>
            {endMany.fetching ? t("sessions.ending") : t("sessions.endOthers")}
          </Button>
        </p>
      )}
    </Page>
  );
}

function SessionCard({ session, pending, onEnd }: { session: SignInSession; pending: boolean; onEnd: () => void }) {
  const { t, formatDateTime } = useI18n();
  const headingId = `session-${session.id}`;
  return (
    <li className="card" aria-labelledby={headingId} data-current={session.current}>
      <h2 id={headingId}>
        {session.userAgent ? browserName(session.userAgent) : t("sessions.unknownAgent")}
        {session.current && (
          <>
            {" "}
            <span className="badge">({t("sessions.current")})</span>
          </>
        )}
      </h2>
      <dl className="facts">
        <dt>{t("sessions.provider")}</dt>
        <dd>{session.provider}</dd>
        <dt>{t("sessions.createdAt")}</dt>
        <dd>{formatDateTime(session.createdAt)}</dd>
        <dt>{t("sessions.lastSeenAt")}</dt>
        <dd>{formatDateTime(session.lastSeenAt)}</dd>
        <dt>{t("sessions.expiresAt")}</dt>
        <dd>{formatDateTime(endsAt(session))}</dd>
        {session.userAgent && (
          <>
            <dt>{t("sessions.userAgent")}</dt>
            <dd className="session__agent">{session.userAgent}</dd>
          </>
        )}
      </dl>
      {!session.current && (
        <Button type="button" onClick={onEnd} disabled={pending}>
          {t("sessions.end")}
        </Button>
      )}
    </li>
  );
}

/** A short name for a User-Agent string, for the card's heading; the full string is below. */
export function browserName(userAgent: string): string {
  const known: [RegExp, string][] = [
    [/Edg\//, "Edge"],
    [/OPR\//, "Opera"],
    [/Firefox\//, "Firefox"],
    [/Chrom(e|ium)\//, "Chrome"],
    [/Safari\//, "Safari"],
  ];
  const browser = known.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = [
    [/Windows/, "Windows"],
    [/Android/, "Android"],
    [/iPhone|iPad/, "iOS"],
    [/Mac OS X/, "macOS"],
    [/Linux/, "Linux"],
  ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] as string | undefined;
  if (!browser) return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
  return system ? `${browser}, ${system}` : browser;
}
