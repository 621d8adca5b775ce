// A short notice on a page (a saved change, a warning before an action), on the Suomi.fi
// InlineAlert. Errors from the server stay ErrorState (components/States.tsx): that one is in
// the initial route, which must not load the Suomi.fi components.
import type { ReactNode } from "react";
import { InlineAlert } from "suomifi-ui-components";

export interface NoticeProps {
  children: ReactNode;
  /** neutral (default): information; warning: think before you act. */
  status?: "neutral" | "warning";
  id?: string;
  "data-testid"?: string;
}

export function Notice({ status = "neutral", children, ...rest }: NoticeProps) {
  return (
    <InlineAlert {...rest} status={status}>
      {children}
    </InlineAlert>
  );
}
