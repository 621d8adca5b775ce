"""Schemathesis set-up for `tests/fuzz/api.sh`.

The check: no 5xx, and no GraphQL error with `extensions.code == "INTERNAL"` or without a
code: an input the server did not anticipate is a defect even when it answers 200.
(Schemathesis' own `not_a_server_error` treats every GraphQL error as a failure, which
for a fuzzer's random input is the expected answer, so it is not used.)

Scalars: UUIDs, dates and date-times are mostly well-formed (so the fuzzer reaches the
resolvers) and sometimes arbitrary strings (so it exercises scalar parsing); `Upload`
only ever holds a null, since a file needs a multipart request.
"""

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

schemathesis.graphql.scalar(
    "UUID", st.one_of(st.uuids().map(str), st.text(max_size=40)).map(nodes.String)
)
schemathesis.graphql.scalar(
    "Date",
    st.one_of(st.dates().map(lambda d: d.isoformat()), st.text(max_size=12)).map(nodes.String),
)
schemathesis.graphql.scalar(
    "DateTime",
    st.one_of(
        st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)).map(
            lambda d: d.isoformat()
        ),
        st.text(max_size=30),
    ).map(nodes.String),
)
schemathesis.graphql.scalar("Upload", st.just(nodes.Null))


@schemathesis.check
def no_internal_error(ctx, response, case):
    """No 5xx; every GraphQL error names what the caller got wrong, never INTERNAL."""
    if response.status_code >= 500:
        raise AssertionError(f"server error {response.status_code}: {response.text[:500]}")
    try:
        body = response.json()
    except Exception:  # not JSON: the other checks judge the status
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        code = ((error or {}).get("extensions") or {}).get("code")
        if code == "INTERNAL":
            raise AssertionError(f"INTERNAL error: {error.get('message')!r}")
        if code is None:
            raise AssertionError(f"error without extensions.code: {error!r}")
    return None


def self_test():
    """The check must be able to fail: `api.sh` runs this before fuzzing."""

    class Fake:
        def __init__(self, status, body):
            self.status_code = status
            self._body = body
            self.text = str(body)

        def json(self):
            return self._body

    ok = Fake(200, {"data": None, "errors": [{"message": "x", "extensions": {"code": "VALIDATION"}}]})
    assert no_internal_error(None, ok, None) is None
    for bad in [
        Fake(200, {"errors": [{"message": "internal error", "extensions": {"code": "INTERNAL"}}]}),
        Fake(200, {"errors": [{"message": "no code"}]}),
        Fake(502, {}),
    ]:
        try:
            no_internal_error(None, bad, None)
        except AssertionError:
            continue
        raise SystemExit(f"the check let {bad.text} pass")
