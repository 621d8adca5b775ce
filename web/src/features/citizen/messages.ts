import { defineMessages } from "../../i18n/define.ts";

// Keys start with "citizen." so features never collide; add this journey's texts here.
export const citizenMessages = defineMessages({
  fi: {
    "citizen.nav": "Omat kiellot",
  },
  sv: {
    "citizen.nav": "Mina förbud",
  },
  en: {
    "citizen.nav": "My objections",
  },
});
