import { defineMessages } from "../../i18n/define.ts";

export const signinMessages = defineMessages({
  fi: {
    "signin.title": "Kirjaudu sisään",
    "signin.dev.heading": "Kehityskirjautuminen",
    "signin.dev.hint": "Vain kehitysympäristössä. Valitse testikäyttäjä.",
    "signin.dev.user": "Testikäyttäjä",
    "signin.dev.submit": "Kirjaudu sisään",
    "signin.dev.pending": "Kirjaudutaan…",
    "signin.unavailable": "Kirjautuminen tapahtuu organisaatiosi tunnistuspalvelun kautta.",
  },
  sv: {
    "signin.title": "Logga in",
    "signin.dev.heading": "Utvecklarinloggning",
    "signin.dev.hint": "Endast i utvecklingsmiljön. Välj en testanvändare.",
    "signin.dev.user": "Testanvändare",
    "signin.dev.submit": "Logga in",
    "signin.dev.pending": "Loggar in…",
    "signin.unavailable": "Inloggningen sker via din organisations identifieringstjänst.",
  },
  en: {
    "signin.title": "Sign in",
    "signin.dev.heading": "Development sign-in",
    "signin.dev.hint": "Development environment only. Choose a test user.",
    "signin.dev.user": "Test user",
    "signin.dev.submit": "Sign in",
    "signin.dev.pending": "Signing in…",
    "signin.unavailable": "Sign-in happens through your organisation's identity provider.",
  },
});
