import { useEffect, useRef, type MouseEvent } from "react";
import { useI18n } from "../../i18n/context.tsx";
import { fieldId, type FieldProblem } from "../../lib/validation.ts";

export interface ErrorSummaryProps {
  problems: readonly FieldProblem[];
  /** The visible label of a field path, so the summary reads "Title: is required". */
  labelFor?: (field: string) => string | undefined;
}

/**
 * Lists every problem as a link to its field; takes focus when it appears or changes, so
 * keyboard and screen-reader users learn what failed (WCAG 3.3.1, 3.3.3).
 */
export function ErrorSummary({ problems, labelFor }: ErrorSummaryProps) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problems.length > 0) box.current?.focus();
  }, [problems]);

  if (problems.length === 0) return null;

  function jump(event: MouseEvent<HTMLAnchorElement>, field: string) {
    const target = document.getElementById(fieldId(field));
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView?.({ block: "center" });
  }

  return (
    <div ref={box} tabIndex={-1} className="error-summary" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("form.errorSummary")}</h2>
      <ul>
        {problems.map((p, i) => {
          const label = labelFor?.(p.field);
          return (
            <li key={`${p.field}-${i}`}>
              <a href={`#${fieldId(p.field)}`} onClick={(e) => jump(e, p.field)}>
                {label ? `${label}: ${p.message}` : p.message}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
