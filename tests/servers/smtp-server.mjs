// A real SMTP server for the tests (npm `smtp-server`), on a loopback port.
//
//   node tests/servers/smtp-server.mjs --port 0 [--auth user:password]
//
// Prints ONE line of JSON on stdout when it listens: {"port":N}. Then, for every message
// it accepts, one line of JSON:
//   {"messageId","from","to":[..],"subject","text","html","headers":{..}}
// `from` and `to` are the envelope (MAIL FROM, RCPT TO), as the sender gave them; `headers`
// holds every header by its lower-case name, as text. A message is written out BEFORE the
// server answers 250, so a message the sender saw accepted is always on record (a crash in
// between shows up as a resend, which at-least-once delivery allows).
//
// Plain SMTP only (no STARTTLS), on 127.0.0.1. With `--auth`, AUTH PLAIN/LOGIN is required
// and only that user and password are accepted. Stops on SIGTERM or SIGINT.

import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option("port", "0"));
const auth = option("auth", null);
const [user, password] = auth ? [auth.slice(0, auth.indexOf(":")), auth.slice(auth.indexOf(":") + 1)] : [];

function headerText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerText).join(", ");
  if (typeof value === "object") {
    if ("text" in value) return value.text; // addresses
    if ("value" in value) return value.value; // content-type and the like, without params
  }
  return String(value);
}

const server = new SMTPServer({
  name: "tietolupa-test-smtp",
  secure: false,
  disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
  authOptional: !auth,
  allowInsecureAuth: true,
  logger: false,
  size: 10 * 1024 * 1024,
  onAuth(credentials, _session, callback) {
    if (credentials.username === user && credentials.password === password) {
      callback(null, { user });
    } else {
      callback(new Error("Invalid username or password"));
    }
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        const headers = {};
        for (const [key, value] of parsed.headers) headers[key.toLowerCase()] = headerText(value);
        const record = {
          messageId: parsed.messageId ?? null,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? null,
          text: parsed.text ?? null,
          html: typeof parsed.html === "string" ? parsed.html : null,
          headers,
        };
        process.stdout.write(`${JSON.stringify(record)}\n`);
        callback();
      })
      .catch((error) => callback(error));
  },
});

server.on("error", (error) => {
  process.stderr.write(`smtp-server: ${error.message}\n`);
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => process.exit(0));
}
