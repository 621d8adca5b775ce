import { defineMessages } from "../../i18n/define.ts";

// Keys start with "handler." so features never collide; add this journey's texts here.
export const handlerMessages = defineMessages({
  fi: {
    "handler.nav": "Käsittelyjono",
  },
  sv: {
    "handler.nav": "Handläggningskö",
  },
  en: {
    "handler.nav": "Case queue",
  },
});
