// A small History API router: enough for path parameters, query strings, links and
// focus management, without a routing library in the initial bundle.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from "react";

export interface Location {
  pathname: string;
  search: string;
  /** 0 on the first page load, then increased by every navigation (link, back, forward). */
  navigationId: number;
}

export interface NavigateOptions {
  replace?: boolean;
}

interface RouterContextValue {
  location: Location;
  navigate: (to: string, options?: NavigateOptions) => void;
}

const RouterContext = createContext<RouterContextValue | null>(null);

function currentLocation(navigationId: number): Location {
  return { pathname: window.location.pathname, search: window.location.search, navigationId };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(() => currentLocation(0));

  useEffect(() => {
    const onPopState = () => setLocation((prev) => currentLocation(prev.navigationId + 1));
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    if (options.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
    setLocation((prev) => currentLocation(prev.navigationId + 1));
    window.scrollTo?.(0, 0);
  }, []);

  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext value={value}>{children}</RouterContext>;
}

function useRouter(): RouterContextValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("router hooks must be used inside <RouterProvider>");
  return value;
}

export function useLocation(): Location {
  return useRouter().location;
}

export function useNavigate(): RouterContextValue["navigate"] {
  return useRouter().navigate;
}

/** The query string as URLSearchParams, and a setter that replaces it (keeping the path). */
export function useSearchParams(): [URLSearchParams, (next: URLSearchParams, options?: NavigateOptions) => void] {
  const { location, navigate } = useRouter();
  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const set = useCallback(
    (next: URLSearchParams, options?: NavigateOptions) => {
      const query = next.toString();
      navigate(`${location.pathname}${query ? `?${query}` : ""}`, options);
    },
    [location.pathname, navigate],
  );
  return [params, set];
}

export type Params = Record<string, string>;

/**
 * Matches a pattern like `/applications/:id` against a path; returns the decoded
 * parameters, or null. A trailing slash on the path is ignored.
 */
export function matchPath(pattern: string, pathname: string): Params | null {
  const split = (p: string) => p.split("/").filter((s) => s !== "");
  const want = split(pattern);
  const have = split(pathname);
  if (want.length !== have.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

const ParamsContext = createContext<Params>({});

export function ParamsProvider({ params, children }: { params: Params; children: ReactNode }) {
  return <ParamsContext value={params}>{children}</ParamsContext>;
}

/** The current route's `:name` parameters. */
export function useParams(): Params {
  return useContext(ParamsContext);
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link that navigates inside the app; modified clicks open normally. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const { location, navigate } = useRouter();
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (rest.target && rest.target !== "_self")
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  }
  const current = location.pathname === to ? "page" : undefined;
  return <a href={to} aria-current={current} onClick={handleClick} {...rest} />;
}
