import { defineMessages } from "../../i18n/define.ts";

// Keys start with "director." so features never collide; add this journey's texts here.
export const directorMessages = defineMessages({
  fi: {
    "director.nav": "Päätettävät",
  },
  sv: {
    "director.nav": "Att besluta",
  },
  en: {
    "director.nav": "Awaiting decision",
  },
});
