// The application form's step list: one numbered list (the numbers are the items' text; the
// list draws none), the current step marked with aria-current="step", and each step's status
// in words. A skip link before it takes keyboard users past the steps to the first field.
// On narrow screens the list folds behind a button naming the current step (form.css).
import { useState } from "react";
import { useI18n } from "../../i18n/context.tsx";
import type { FormStep } from "./amendment.ts";
import type { StepStatus } from "./stepper.ts";
import "../../styles/form.css";

export interface FormStepperProps {
  steps: readonly FormStep[];
  current: FormStep;
  statusOf: (step: FormStep) => StepStatus;
  onSelect: (step: FormStep) => void;
  /** Moves focus to the current step's first field. */
  onSkip: () => void;
  /** The id the skip link points at (the step's heading), for when its script does not run. */
  target: string;
}

export function FormStepper({ steps, current, statusOf, onSelect, onSkip, target }: FormStepperProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const index = steps.indexOf(current);
  return (
    <>
      <a
        href={`#${target}`}
        className="form-skip"
        onClick={(e) => {
          e.preventDefault();
          onSkip();
        }}
      >
        {t("applicant.form.skipToForm")}
      </a>
      <nav aria-label={t("applicant.form.steps")} className="stepper">
        {/* Hand-written, as are the steps below: a disclosure and a list of steps are
            navigation, not actions, and Suomi.fi's Button would draw them as action buttons. */}
        <button type="button" className="stepper__toggle" aria-expanded={open} aria-controls="form-steps"
          onClick={() => setOpen((o) => !o)}>
          {t("applicant.form.stepOf", { n: index + 1, total: steps.length, name: t(`applicant.step.${current}`) })}
        </button>
        <ol id="form-steps" className={open ? "stepper__list stepper__list--open" : "stepper__list"}>
          {steps.map((s, i) => {
            const status = statusOf(s);
            return (
              <li key={s} className={`stepper__item stepper__item--${status}`}>
                <button type="button" className="stepper__step" aria-current={s === current ? "step" : undefined}
                  onClick={() => {
                    setOpen(false);
                    onSelect(s);
                  }}>
                  <span className="stepper__number">{i + 1}</span>
                  <span className="stepper__label">{t(`applicant.step.${s}`)}</span>
                  {status !== "open" && (
                    <span className="stepper__status">
                      {status === "errors" ? t("applicant.form.hasErrors") : t("applicant.form.stepFilled")}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
    </>
  );
}
