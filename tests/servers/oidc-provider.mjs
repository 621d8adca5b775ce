#!/usr/bin/env node
// A real OpenID provider (the npm `oidc-provider`) for tests and for `just run-oidc`: one
// confidential client per kind of user, the demo users for every role, and a login form of its
// own. Needs nothing from the internet: the signing key is generated at start.
//
//   node tests/servers/oidc-provider.mjs --port 0 \
//     --redirect-uri http://127.0.0.1:8080/auth/callback \
//     --post-logout-uri http://127.0.0.1:8080/
//
// When ready it prints ONE line of JSON on stdout, `{"issuer":"http://127.0.0.1:PORT"}`;
// everything else goes to stderr. It stops on SIGTERM or SIGINT. See tests/servers/README.md.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

// stdout carries the one ready line the launchers parse; oidc-provider's notices
// (console.info) and anything else must not land there.
console.log = console.error;
console.info = console.error;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'post-logout-uri': { type: 'string', multiple: true, default: [] },
  },
});

if (args['redirect-uri'].length === 0) {
  console.error('oidc-provider.mjs: give at least one --redirect-uri');
  process.exit(2);
}

// The one password every demo user has.
const PASSWORD = 'demo';

// The demo users, by username (also their `sub`). Groups can be changed while the provider
// runs (POST /test/users/<username>/groups), so tests can change a staff member's roles.
const USERS = {
  handler: {
    name: 'Sanna Laine',
    email: 'sanna.laine@tietolupa.example',
    locale: 'fi',
    groups: ['tietolupa-handlers'],
  },
  director: {
    name: 'Päivi Heikkinen',
    email: 'paivi.heikkinen@tietolupa.example',
    locale: 'fi',
    groups: ['tietolupa-directors'],
  },
  auditor: {
    name: 'Kaisa Lehtonen',
    email: 'kaisa.lehtonen@tietolupa.example',
    locale: 'en',
    groups: ['tietolupa-auditors'],
  },
  clerk: {
    name: 'Riitta Koskinen',
    email: 'riitta.koskinen@tietolupa.example',
    locale: 'sv',
    groups: ['tietolupa-objection-clerks'],
  },
  applicant: {
    name: 'Aino Virtanen',
    email: 'aino.virtanen@example.fi',
    locale: 'fi',
    organisation: 'Helsingin yliopisto',
    business_id: '0313471-7',
  },
  citizen: {
    name: 'Matti Meikäläinen',
    email: 'matti.meikalainen@example.fi',
    locale: 'fi',
    // A temporary identity code (individual number 900-999): no real person has it.
    'urn:oid:1.2.246.21': '010180-9004',
  },
  badcitizen: {
    name: 'Virheellinen Tunnus',
    email: 'virheellinen.tunnus@example.fi',
    locale: 'fi',
    // The checksum is wrong on purpose: the app must refuse this sign-in.
    'urn:oid:1.2.246.21': '010180-9005',
  },
};

// Every claim a user has. They are all released with the `openid` scope, so the app gets
// them whichever scopes it asks for; the standard scopes are accepted too.
const CLAIMS = [
  'sub', 'name', 'email', 'email_verified', 'locale', 'groups', 'organisation', 'business_id',
  'urn:oid:1.2.246.21',
];

function claimsOf(username) {
  const user = USERS[username];
  if (!user) return undefined;
  const claims = { sub: username, email_verified: true };
  for (const [key, value] of Object.entries(user)) {
    if (value !== undefined) claims[key] = Array.isArray(value) ? [...value] : value;
  }
  return claims;
}

const clientKinds = ['staff', 'applicant', 'citizen'];
const isLoopbackHttp = (uri) => {
  const url = URL.parse(uri);
  return url?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
};
const redirectUris = args['redirect-uri'];
const postLogoutUris = args['post-logout-uri'];
// Loopback http redirect URIs make the clients "native" (RFC 8252 §7.3): the port of a
// loopback URI is not compared, so a test may register `http://127.0.0.1/auth/callback`
// before it knows the port its server will get.
const applicationType = [...redirectUris, ...postLogoutUris].every(isLoopbackHttp)
  ? 'native'
  : 'web';

const clients = clientKinds.map((kind) => ({
  client_id: `tietolupa-${kind}`,
  client_secret: `test-secret-${kind}`,
  client_name: `Tietolupa (${kind})`,
  application_type: applicationType,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: 'RS256',
}));

const escapeHtml = (value) => String(value)
  .replaceAll('&', '&amp;')
  .replaceAll('<', '&lt;')
  .replaceAll('>', '&gt;')
  .replaceAll('"', '&quot;')
  .replaceAll("'", '&#39;');

function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#a00}code{background:#eee;padding:0 .2rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function loginPage(uid, { username = '', error } = {}) {
  const names = Object.keys(USERS).map((u) => `<code>${escapeHtml(u)}</code>`).join(', ');
  return page('Test identity provider: sign in', `
<p>Users: ${names}. Password: <code>${PASSWORD}</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" value="${escapeHtml(username)}" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
<button type="submit">Cancel</button>
</form>`);
}

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(args.port), args.host, resolve);
});
const { port } = server.address();
const host = args.host.includes(':') ? `[${args.host}]` : args.host;
const issuer = `http://${host}:${port}`;

// A first-party provider: what the app asks for is granted without a consent page.
async function grantEverythingRequested(ctx, grantId) {
  const { Grant } = ctx.oidc.provider;
  let grant = grantId ? await Grant.find(grantId) : undefined;
  if (!grant) {
    grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
  }
  grant.addOIDCScope(ctx.oidc.params?.scope || 'openid');
  grant.addOIDCClaims(CLAIMS);
  await grant.save();
  return grant;
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: CLAIMS,
    profile: ['name', 'locale'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
    organisation: ['organisation', 'business_id'],
  },
  // ID tokens carry the claims (not only userinfo), so the app can read roles from the
  // refreshed ID token too.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // A confirmation page, as real providers show: "Sign out" ends the session here too.
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out of the test identity provider', `${form}
<p>Do you want to sign out of the test identity provider as well?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You have signed out of the test identity provider.</p>');
      },
    },
  },
  async findAccount(_ctx, sub) {
    if (!USERS[sub]) return undefined;
    return {
      accountId: sub,
      async claims() {
        return claimsOf(sub);
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    return grantEverythingRequested(ctx, grantId);
  },
  // Refresh tokens for every code grant, also when the app does not ask for offline_access
  // with prompt=consent, so the app can re-check roles.
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  async expiresWithSession() {
    return false;
  },
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    const rows = Object.entries(out)
      .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
      .join('');
    ctx.body = page('Test identity provider: error', rows);
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 600,
    IdToken: 3600,
    Interaction: 3600,
    Grant: 14 * 24 * 3600,
    RefreshToken: 14 * 24 * 3600,
    Session: 14 * 24 * 3600,
  },
});

// The login form, the automatic consent and the test endpoints, before oidc-provider's routes.
provider.use(async (ctx, next) => {
  const path = ctx.path;

  const groups = path.match(/^\/test\/users\/([^/]+)\/groups$/);
  if (groups && ctx.method === 'POST') {
    const username = decodeURIComponent(groups[1]);
    if (!USERS[username]) {
      ctx.status = 404;
      ctx.body = { error: `no user ${username}` };
      return;
    }
    let value;
    try {
      value = JSON.parse(await readBody(ctx.req));
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || !value.every((g) => typeof g === 'string')) {
      ctx.status = 400;
      ctx.body = { error: 'expected a JSON array of group names' };
      return;
    }
    USERS[username].groups = value;
    ctx.body = { username, groups: value };
    return;
  }

  const interaction = path.match(/^\/interaction\/([^/]+)(\/login|\/abort)?$/);
  if (!interaction) {
    await next();
    return;
  }
  ctx.set('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const [, uid, action] = interaction;
  if (details.uid !== uid) {
    ctx.throw(400, 'interaction does not match the session');
  }

  if (!action && ctx.method === 'GET') {
    if (details.prompt.name === 'login') {
      ctx.type = 'html';
      ctx.body = loginPage(uid);
      return;
    }
    // Consent (e.g. prompt=consent, or offline_access): granted at once.
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({
      accountId: details.session.accountId,
      clientId: details.params.client_id,
    });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } });
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }

  if (action === '/login' && ctx.method === 'POST') {
    const form = new URLSearchParams(await readBody(ctx.req));
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    if (!USERS[username] || password !== PASSWORD) {
      ctx.status = 200;
      ctx.type = 'html';
      ctx.body = loginPage(uid, { username, error: 'Unknown user or wrong password.' });
      return;
    }
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: username } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }

  if (action === '/abort' && ctx.method === 'POST') {
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }

  ctx.status = 405;
});

server.on('request', provider.callback());

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Keep-alive sockets from a browser must not keep the test waiting.
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
