import { defineMessages } from "../../i18n/define.ts";

// Keys start with "accessLog." so features never collide. Shared by the citizen's objection
// page and the applicant's application page.
export const accessLogMessages = defineMessages({
  fi: {
    "accessLog.heading": "Kuka on käsitellyt tietojasi",
    "accessLog.objections.explanation":
      "Lupaviranomaisen henkilöstö, joka on lukenut tai käsitellyt kieltojasi. Henkilöt näytetään roolin ja organisaation mukaan, ja lukemisen syy on se, jonka he kirjasivat. Omat toimesi eivät näy tässä.",
    "accessLog.application.explanation":
      "Lupaviranomaisen henkilöstö, joka on lukenut tai käsitellyt hakemustasi. Henkilöt näytetään roolin ja organisaation mukaan. Omat toimesi eivät näy tässä.",
    "accessLog.empty": "Kukaan lupaviranomaisessa ei ole vielä lukenut tai käsitellyt näitä tietoja.",
    "accessLog.caption": "Tietojesi lukemiset ja käsittelyt, uusin ensin",
    "accessLog.when": "Aika",
    "accessLog.what": "Mitä tehtiin",
    "accessLog.who": "Kuka",
    "accessLog.reason": "Ilmoitettu syy",
    "accessLog.noReason": "–",
    "accessLog.what.READ.OBJECTION": "Luki kiellon",
    "accessLog.what.HANDLED.OBJECTION": "Käsitteli kieltoa",
    "accessLog.what.READ.APPLICATION": "Luki hakemuksen",
    "accessLog.what.HANDLED.APPLICATION": "Käsitteli hakemusta",
    "accessLog.organisation.PERMIT_AUTHORITY": "lupaviranomainen",
    "accessLog.who.value": "{role}, {organisation}",
    "accessLog.more": "Näytä vanhemmat",
  },
  sv: {
    "accessLog.heading": "Vem har behandlat dina uppgifter",
    "accessLog.objections.explanation":
      "Tillståndsmyndighetens personal som har läst eller behandlat dina förbud. Personerna visas med roll och organisation, och skälet för läsningen är det som de angav. Dina egna åtgärder visas inte här.",
    "accessLog.application.explanation":
      "Tillståndsmyndighetens personal som har läst eller behandlat din ansökan. Personerna visas med roll och organisation. Dina egna åtgärder visas inte här.",
    "accessLog.empty": "Ingen vid tillståndsmyndigheten har ännu läst eller behandlat dessa uppgifter.",
    "accessLog.caption": "Läsningar och behandlingar av dina uppgifter, nyaste först",
    "accessLog.when": "Tid",
    "accessLog.what": "Vad som gjordes",
    "accessLog.who": "Vem",
    "accessLog.reason": "Angivet skäl",
    "accessLog.noReason": "–",
    "accessLog.what.READ.OBJECTION": "Läste förbudet",
    "accessLog.what.HANDLED.OBJECTION": "Behandlade förbudet",
    "accessLog.what.READ.APPLICATION": "Läste ansökan",
    "accessLog.what.HANDLED.APPLICATION": "Behandlade ansökan",
    "accessLog.organisation.PERMIT_AUTHORITY": "tillståndsmyndigheten",
    "accessLog.who.value": "{role}, {organisation}",
    "accessLog.more": "Visa äldre",
  },
  en: {
    "accessLog.heading": "Who has handled your data",
    "accessLog.objections.explanation":
      "The permit authority's staff who have read or handled your objections. They are shown by role and organisation, with the reason they recorded for reading. Your own actions are not listed.",
    "accessLog.application.explanation":
      "The permit authority's staff who have read or handled your application. They are shown by role and organisation. Your own actions are not listed.",
    "accessLog.empty": "Nobody at the permit authority has read or handled this data yet.",
    "accessLog.caption": "Reads and handling of your data, newest first",
    "accessLog.when": "When",
    "accessLog.what": "What was done",
    "accessLog.who": "Who",
    "accessLog.reason": "Stated reason",
    "accessLog.noReason": "–",
    "accessLog.what.READ.OBJECTION": "Read the objection",
    "accessLog.what.HANDLED.OBJECTION": "Handled the objection",
    "accessLog.what.READ.APPLICATION": "Read the application",
    "accessLog.what.HANDLED.APPLICATION": "Handled the application",
    "accessLog.organisation.PERMIT_AUTHORITY": "the permit authority",
    "accessLog.who.value": "{role}, {organisation}",
    "accessLog.more": "Show older",
  },
});
