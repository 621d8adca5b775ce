import { defineMessages } from "../../i18n/define.ts";

export const publicMessages = defineMessages({
  fi: {
    "public.home.title": "Tietolupa",
    "public.home.intro": "Tervetuloa Tietolupa-asianhallintaan.",
  },
  sv: {
    "public.home.title": "Tietolupa",
    "public.home.intro": "Välkommen till ärendehanteringen Tietolupa.",
  },
  en: {
    "public.home.title": "Tietolupa",
    "public.home.intro": "Welcome to Tietolupa case management.",
  },
});
