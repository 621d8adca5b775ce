// The domain's words (DESIGN.md), one text per language, used by every page that names
// them: message catalogues refer to `terms.fi.decision` etc. instead of spelling a term
// again, so "Myönnetty osittain" cannot become "Osittain myönnetty" on another page.
// `variants` are spellings seen before for the same term; the glossary test refuses them
// anywhere in the app's texts. `keys` matches the message keys that name exactly the term.
// The processing environment is Findata's and the Act's "(tietoturvallinen)
// käyttöympäristö" / "(säker) användarmiljö".
import type { Language } from "./index.ts";

export interface Term {
  fi: string;
  sv: string;
  en: string;
  variants?: Partial<Record<Language, readonly string[]>>;
  keys?: RegExp;
}

export const glossary = {
  application: { fi: "Hakemus", sv: "Ansökan", en: "Application" },
  dataPermit: { fi: "Tietolupa", sv: "Datatillstånd", en: "Data permit", keys: /\.kind\.DATA_PERMIT$/ },
  dataRequest: { fi: "Tietopyyntö", sv: "Databegäran", en: "Data request", keys: /\.kind\.DATA_REQUEST$/ },
  amendment: { fi: "Muutoshakemus", sv: "Ändringsansökan", en: "Amendment", keys: /\.kind\.AMENDMENT$/ },
  presenter: { fi: "Esittelijä", sv: "Föredragande", en: "Presenter", keys: /^case\.presenter$/ },
  decision: { fi: "Päätös", sv: "Beslut", en: "Decision" },
  granted: { fi: "Myönnetty", sv: "Beviljad", en: "Granted", keys: /\.outcome\.GRANTED$/ },
  partiallyGranted: {
    fi: "Myönnetty osittain",
    sv: "Delvis beviljad",
    en: "Partially granted",
    variants: { fi: ["Osittain myönnetty"], sv: ["Delvis beviljat"] },
    keys: /\.outcome\.PARTIALLY_GRANTED$/,
  },
  rejected: {
    fi: "Hylätty",
    sv: "Avslagen",
    en: "Rejected",
    variants: { sv: ["Avslaget"] },
    keys: /\.outcome\.REJECTED$/,
  },
  processingEnvironment: {
    fi: "Käyttöympäristö",
    sv: "Användarmiljö",
    en: "Processing environment",
    variants: { fi: ["Käsittely-ympäristö", "Käsittelyympäristö"], sv: ["Behandlingsmiljö"] },
    keys: /\.(processingEnvironment|permit\.environment)$/,
  },
  objection: { fi: "Kielto", sv: "Förbud", en: "Objection" },
  permitHolder: { fi: "Luvan haltija", sv: "Tillståndshavare", en: "Permit holder", keys: /\.holder$/ },
  dataController: { fi: "Rekisterinpitäjä", sv: "Personuppgiftsansvarig", en: "Data controller" },
} as const satisfies Record<string, Term>;

export type TermKey = keyof typeof glossary;

function inLanguage(language: Language): Record<TermKey, string> {
  return Object.fromEntries(
    Object.entries(glossary).map(([key, term]) => [key, term[language]]),
  ) as Record<TermKey, string>;
}

/** The glossary's texts by language, for message catalogues: `terms.sv.presenter`. */
export const terms: Record<Language, Record<TermKey, string>> = {
  fi: inLanguage("fi"),
  sv: inLanguage("sv"),
  en: inLanguage("en"),
};
