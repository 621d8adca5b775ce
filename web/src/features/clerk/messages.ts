import { defineMessages } from "../../i18n/define.ts";

// Keys start with "clerk." so features never collide; add this journey's texts here.
export const clerkMessages = defineMessages({
  fi: {
    "clerk.nav": "Kieltorekisteri",
  },
  sv: {
    "clerk.nav": "Förbudsregistret",
  },
  en: {
    "clerk.nav": "Objection registry",
  },
});
