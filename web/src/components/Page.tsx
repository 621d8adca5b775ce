import { useEffect, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n/context.tsx";
import { useNavigationId } from "../router/router.tsx";

/**
 * Every page renders through this: its title becomes the h1 and document.title, and after a
 * navigation keyboard and screen-reader focus moves to the h1 (WCAG 2.4.3, 2.4.2).
 */
export function Page({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const navigationId = useNavigationId();

  useEffect(() => {
    const app = t("app.title");
    document.title = title === app ? app : `${title} – ${app}`;
  }, [title, t]);

  useEffect(() => {
    if (navigationId > 0) heading.current?.focus();
  }, [navigationId]);

  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="page-title">
        {title}
      </h1>
      {children}
    </>
  );
}
