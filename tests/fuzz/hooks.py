"""Schemathesis checks for `tests/fuzz/api.sh`: besides no 5xx (`not_a_server_error`),
no GraphQL error may carry `extensions.code == "INTERNAL"`: an input the server did not
anticipate is a defect even when it answers 200."""

import schemathesis


@schemathesis.check
def no_internal_error(ctx, response, case):
    """Every GraphQL error must name what the caller got wrong, never INTERNAL."""
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
