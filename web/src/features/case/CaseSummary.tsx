// The top of the staff pages of a case: what a handler or the Director must see on the first
// screen (state, deadline and days left, applicant, the next action), and the in-page
// navigation to the case's sections.
import type { MouseEvent, ReactNode } from "react";
import { useI18n } from "../../i18n/context.tsx";
import type { CaseDetail } from "./CaseViews.tsx";
import { daysUntil, todayInFinland } from "./format.ts";

const OPEN_STATES: readonly string[] = ["SUBMITTED", "IN_PREPARATION", "INFORMATION_REQUESTED", "PROPOSED"];

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`case-summary__fact${wide ? " case-summary__fact--wide" : ""}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "12 päivää jäljellä" or "3 päivää myöhässä", counted in Finland's calendar as the server does. */
function DaysLeft({ dueOn, overdue }: { dueOn: string; overdue: boolean }) {
  const { t } = useI18n();
  const days = daysUntil(dueOn, todayInFinland());
  if (overdue || days < 0) {
    const late = Math.max(1, -days);
    return (
      <strong className="badge badge--overdue" data-testid="summary-days">
        {late === 1 ? t("case.summary.dayOverdue") : t("case.summary.daysOverdue", { days: late })}
      </strong>
    );
  }
  const text =
    days === 0 ? t("case.summary.dueToday") : days === 1 ? t("case.summary.dayLeft") : t("case.summary.daysLeft", { days });
  return (
    <span className={`badge${days <= 7 ? " badge--soon" : ""}`} data-testid="summary-days">
      {text}
    </span>
  );
}

/**
 * The case at a glance. `next` is the next action as the page's user can take it: a button,
 * a jump link to the section where it is done, or a sentence saying who acts next.
 */
export function CaseSummary({ application, next }: { application: CaseDetail; next: ReactNode }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const a = application;
  const deadline = a.deadline;
  const applicant = [a.applicantName, a.organisationName].filter(Boolean).join(", ");
  return (
    <section aria-labelledby="case-summary-title" className="case-summary" data-testid="case-summary">
      <h2 id="case-summary-title" className="case-summary__title">
        {t("case.summary.title")}
      </h2>
      <dl className="case-summary__facts" data-testid="case-header">
        <Fact label={t("case.stateLabel")}>
          <span data-testid="case-state" className="case-summary__state">
            {t(`case.state.${a.state}`)}
          </span>
        </Fact>
        <Fact label={t("case.summary.deadline")}>
          {!deadline && t("case.deadline.none")}
          {deadline && (
            <>
              <span data-testid="summary-due">{t("case.summary.dueOn", { date: formatDate(deadline.dueOn) })}</span>
              {OPEN_STATES.includes(a.state) && (
                <>
                  {" "}
                  <DaysLeft dueOn={deadline.dueOn} overdue={deadline.overdue} />
                </>
              )}
              {deadline.paused && <span className="case-summary__note">{t("case.deadline.paused")}</span>}
              {deadline.extended && (
                <span className="case-summary__note">{t("case.deadline.extended", { reason: deadline.extensionReason ?? "" })}</span>
              )}
            </>
          )}
        </Fact>
        <Fact label={t("case.summary.applicant")}>{applicant || t("case.none")}</Fact>
        <Fact label={t("case.summary.nextAction")} wide>
          <div className="case-summary__next" data-testid="next-action">
            {next}
          </div>
        </Fact>
        <Fact label={t("case.diaryNumber")}>{a.diaryNumber ?? t("case.none")}</Fact>
        <Fact label={t("case.kindLabel")}>{t(`case.kind.${a.kind}`)}</Fact>
        <Fact label={t("case.presenter")}>{a.presenter?.name ?? t("case.noPresenter")}</Fact>
        <Fact label={t("case.submittedAt")}>{a.submittedAt ? formatDateTime(a.submittedAt) : t("case.none")}</Fact>
      </dl>
    </section>
  );
}

/**
 * A link to a section of this page. It moves focus there itself instead of changing the
 * address: a new `#fragment` is a history entry, and the router counts every history change
 * as a navigation that puts focus back on the page's h1.
 */
export function JumpLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  const jump = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(to);
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView?.({ block: "start" });
  };
  return (
    <a href={`#${to}`} className={className} onClick={jump}>
      {children}
    </a>
  );
}

/** The sections of a case page, as jump links. */
export function CaseSectionNav({ sections }: { sections: readonly { id: string; label: string }[] }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("case.nav.label")} className="case-nav">
      <ul>
        {sections.map((s) => (
          <li key={s.id}>
            <JumpLink to={s.id}>{s.label}</JumpLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
