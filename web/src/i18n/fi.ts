// Finnish is the reference language: its keys define the message catalogue.
// Placeholders are written as {name} and must match in every language.
export const fi = {
  "language.name": "Suomi",
  "language.label": "Kieli",
  "app.title": "Tietolupa",
  "app.tagline": "Sosiaali- ja terveystietojen toissijaisen käytön luvat",
  "skipLink": "Siirry pääsisältöön",
  "nav.label": "Päävalikko",
  "nav.home": "Etusivu",
  "home.intro": "Tervetuloa Tietolupa-asianhallintaan.",
  "me.heading": "Käyttäjä",
  "me.loading": "Ladataan käyttäjätietoja…",
  "me.anonymous": "Et ole kirjautunut sisään.",
  "me.signedInAs": "Olet kirjautunut käyttäjänä {name}.",
  "me.id": "Tunniste",
  "me.name": "Nimi",
  "me.roles": "Roolit",
  "auth.signOut": "Kirjaudu ulos",
  "dev.heading": "Kehityskirjautuminen",
  "dev.hint": "Vain kehitysympäristössä. Valitse testikäyttäjä.",
  "dev.user": "Testikäyttäjä",
  "dev.signIn": "Kirjaudu sisään",
  "dev.signingIn": "Kirjaudutaan…",
  "error.network": "Palvelimeen ei saatu yhteyttä.",
  "error.unauthenticated": "Istunto on vanhentunut tai virheellinen. Kirjaudu uudelleen.",
  "error.forbidden": "Sinulla ei ole oikeutta tähän toimintoon.",
  "error.generic": "Tapahtui virhe.",
  "error.code": "Virhekoodi: {code}",
  "error.retry": "Yritä uudelleen",
  "footer.text": "Tietolupa – lupaviranomaisen asianhallinta",
};

export type Messages = Record<keyof typeof fi, string>;
