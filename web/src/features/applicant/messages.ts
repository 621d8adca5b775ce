import { defineMessages } from "../../i18n/define.ts";

// Keys start with "applicant." so features never collide; add this journey's texts here.
export const applicantMessages = defineMessages({
  fi: {
    "applicant.nav": "Omat hakemukset",
  },
  sv: {
    "applicant.nav": "Mina ansökningar",
  },
  en: {
    "applicant.nav": "My applications",
  },
});
