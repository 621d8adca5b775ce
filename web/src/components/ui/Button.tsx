// The app's button, on the Suomi.fi design system's Button. Import it only from lazily loaded
// pages (never from main.tsx, Layout or the home page): suomifi-ui-components and
// styled-components then land in the pages' chunks, not in the initial route's JS.
//
// Links that look like buttons (`<Link className="button">`) stay links: Suomi.fi's Button is
// a <button>, and navigation must stay a link for the keyboard and screen readers.
import type { ReactNode, Ref } from "react";
import { Button as SuomifiButton, SuomifiThemeProvider } from "suomifi-ui-components";
import { dangerTheme } from "./theme.ts";

export type ButtonVariant = "primary" | "secondary" | "danger";

export interface ButtonProps {
  children: ReactNode;
  /** primary (default): the page's main action; secondary: the others; danger: deletes or ends. */
  variant?: ButtonVariant;
  /** "button" unless said otherwise, so a button in a form never submits it by accident. */
  type?: "button" | "submit";
  /** The id of the form a submit button outside it submits (the Director's sticky action bar). */
  form?: string;
  onClick?: () => void;
  disabled?: boolean;
  id?: string;
  ref?: Ref<HTMLButtonElement>;
  "aria-describedby"?: string;
  "data-testid"?: string;
}

export function Button({ variant = "primary", type = "button", onClick, children, ...rest }: ButtonProps) {
  const button = (
    <SuomifiButton
      {...rest}
      type={type}
      variant={variant === "secondary" ? "secondary" : "default"}
      onClick={onClick ? () => onClick() : undefined}
    >
      {children}
    </SuomifiButton>
  );
  // Suomi.fi has no destructive variant. Its theme is the documented way to recolour a
  // component, so a danger button is the primary one under a red theme rather than a class
  // fighting the generated selectors.
  return variant === "danger" ? <SuomifiThemeProvider theme={dangerTheme}>{button}</SuomifiThemeProvider> : button;
}
