import { useMe } from "../../api/session.tsx";
import { Page } from "../../components/Page.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { useI18n } from "../../i18n/context.tsx";
import { Link } from "../../router/router.tsx";

export default function HomePage() {
  const { t } = useI18n();
  const meState = useMe();
  return (
    <Page title={t("public.home.title")}>
      <p className="lead">{t("app.tagline")}</p>
      <p>{t("public.home.intro")}</p>
      <p>{t("public.home.openData")}</p>
      <ul className="export-links">
        <li>
          <Link to="/register">{t("public.nav.register")}</Link>
        </li>
        <li>
          <Link to="/statistics">{t("public.nav.statistics")}</Link>
        </li>
      </ul>
      {meState.status === "loading" && <Loading />}
      {meState.status === "error" && <ErrorState error={meState.error} onRetry={meState.retry} />}
      {meState.status === "ready" && meState.me.authenticated && (
        <section className="card" aria-labelledby="home-me">
          <h2 id="home-me">{t("me.signedInAs", { name: meState.me.name ?? meState.me.id })}</h2>
          <p>
            {t("me.roles")}: {meState.me.roles.map((r) => t(`role.${r}`)).join(", ")}
          </p>
        </section>
      )}
    </Page>
  );
}
