import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { setRequestLanguage } from "../api/language.ts";
import { readStorage, writeStorage } from "../lib/storage.ts";
import { formatDate, formatDateTime, formatNumber } from "./format.ts";
import { pickLanguage, translate, type Language, type MessageKey, type MessageParams } from "./index.ts";

export const LANGUAGE_STORAGE_KEY = "tietolupa.language";

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
  formatDate: (value: string | Date) => string;
  formatDateTime: (value: string | Date) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const language = pickLanguage(readStorage("local", LANGUAGE_STORAGE_KEY));
  setRequestLanguage(language);
  return language;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    writeStorage("local", LANGUAGE_STORAGE_KEY, next);
    setRequestLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      formatDate: (value) => formatDate(language, value),
      formatDateTime: (value) => formatDateTime(language, value),
      formatNumber: (value, options) => formatNumber(language, value, options),
    }),
    [language, setLanguage],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
