// Routing is wouter's: <Switch>/<Route> in App.tsx, and its useLocation, useParams and
// useSearchParams in the pages. This module adds only what wouter leaves to the app: which
// paths match a pattern, what every navigation does (scroll to the top, count it so the page
// can move focus to its h1), and aria-current on links.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  type AnchorHTMLAttributes,
  type ReactNode,
} from "react";
import { parse } from "regexparam";
import { Router, Link as WouterLink, useLocation, type AroundNavHandler, type Parser } from "wouter";

/**
 * wouter's own pattern syntax (regexparam: `/applications/:id`, a trailing slash on the path
 * ignored), with two differences: paths are case-sensitive, as the server's are, and each
 * `:name` parameter is percent-decoded, so `/register/TL%2F12%2F2026` gives `TL/12/2026`.
 * A parameter that is not valid percent-encoding makes the route not match (not found).
 *
 * wouter hands the parser the path after `decodeURI`, which keeps the escapes of reserved
 * characters such as `%2F`; only an escaped `%` (`%25`) would be decoded twice, and no
 * path the app links to contains one.
 */
export const parseRoute: Parser = (route, loose) => {
  const { keys, pattern } = parse(route, loose);
  const caseSensitive = new RegExp(pattern.source);
  return {
    keys,
    pattern: {
      exec(path: string) {
        const match = caseSensitive.exec(path);
        if (!match) return null;
        try {
          for (let i = 1; i < match.length; i++) {
            // The catch-all route (`*`) must match whatever the path is, so it stays as it came.
            if (match[i] !== undefined && keys[i - 1] !== "*") match[i] = decodeURIComponent(match[i]);
          }
        } catch {
          return null;
        }
        return match;
      },
    },
  };
};

const NavigationIdContext = createContext(0);

/** wouter's Router over the browser's History API, with the app's parser and navigation side effects. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [navigationId, setNavigationId] = useState(0);

  useEffect(() => {
    // Back and forward: the browser restores the scroll position itself.
    const onPopState = () => setNavigationId((n) => n + 1);
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const aroundNav = useCallback<AroundNavHandler>((navigate, to, options) => {
    navigate(to, options);
    window.scrollTo?.(0, 0);
    setNavigationId((n) => n + 1);
  }, []);

  return (
    <NavigationIdContext value={navigationId}>
      <Router parser={parseRoute} aroundNav={aroundNav}>
        {children}
      </Router>
    </NavigationIdContext>
  );
}

/**
 * 0 on the first page load, then increased by every navigation (link, navigate, search
 * parameters, back, forward), even one to the address already shown.
 */
export function useNavigationId(): number {
  return useContext(NavigationIdContext);
}

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string };

/**
 * wouter's Link (navigates inside the app; a click with a modifier key or another button
 * opens normally), marked `aria-current="page"` when it leads to the current path.
 */
export function Link({ to, ...rest }: LinkProps) {
  const [pathname] = useLocation();
  const current = pathname === to ? "page" : undefined;
  // wouter's Link would navigate in this window; a link meant for another one is left to the browser.
  if (rest.target && rest.target !== "_self") return <a href={to} aria-current={current} {...rest} />;
  return <WouterLink to={to} aria-current={current} {...rest} />;
}
