import { useI18n } from "../i18n/context.tsx";
import { LANGUAGES, catalogues } from "../i18n/index.ts";

export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div role="group" aria-label={t("language.label")} className="language-switcher">
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === language}
          onClick={() => setLanguage(code)}
        >
          {catalogues[code]["language.name"]}
        </button>
      ))}
    </div>
  );
}
