import { Suspense } from "react";
import { Route, Switch, useLocation } from "wouter";
import { hasAnyRole, useMe } from "./api/session.tsx";
import { Layout } from "./components/Layout.tsx";
import { Page } from "./components/Page.tsx";
import { ErrorState, Loading } from "./components/States.tsx";
import { ApiError } from "./api/errors.ts";
import { useI18n } from "./i18n/context.tsx";
import { Link } from "./router/router.tsx";
import { routes, type RouteDef } from "./routes.tsx";

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t("notFound.title")}>
      <p>{t("notFound.text")}</p>
    </Page>
  );
}

/** The sign-in page, coming back to `returnPath` afterwards. */
export function signInPath(returnPath: string): string {
  return returnPath === "/" ? "/sign-in" : `/sign-in?${new URLSearchParams({ return: returnPath })}`;
}

/** Renders the route's page once `me` says the user may see it. */
export function Guarded({ route }: { route: RouteDef }) {
  const meState = useMe();
  const { t } = useI18n();
  const [path] = useLocation();
  if (!route.roles || route.roles.length === 0) return <route.page />;
  if (meState.status === "loading") return <Loading />;
  if (meState.status === "error") return <ErrorState error={meState.error} onRetry={meState.retry} />;
  if (hasAnyRole(meState.me, route.roles)) return <route.page />;
  if (!meState.me.authenticated) {
    return (
      <Page title={t("nav.signIn")}>
        <p>{t("auth.required")}</p>
        <p>
          <Link to={signInPath(path + window.location.search)}>{t("nav.signIn")}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t("error.title")}>
      <ErrorState error={new ApiError("FORBIDDEN", "role missing")} />
    </Page>
  );
}

/**
 * The first route in `routes` whose pattern matches the path wins. Each route has its own
 * Suspense boundary, below the Switch: with one boundary around the Switch, going from the
 * queue to a case froze the page in Chromium, React rendering the Switch over and over.
 */
export function App() {
  return (
    <Layout routes={routes}>
      <Switch>
        {routes.map((route) => (
          <Route key={route.path} path={route.path}>
            <Suspense fallback={<Loading />}>
              <Guarded route={route} />
            </Suspense>
          </Route>
        ))}
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Layout>
  );
}
