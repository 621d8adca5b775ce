import { defineMessages } from "../../i18n/define.ts";

// Keys start with "auditor." so features never collide; add this journey's texts here.
export const auditorMessages = defineMessages({
  fi: {
    "auditor.nav": "Lokitapahtumat",
  },
  sv: {
    "auditor.nav": "Granskningslogg",
  },
  en: {
    "auditor.nav": "Audit log",
  },
});
