"""Sign-in and sign-out over plain HTTP: the only place that can set an HttpOnly cookie.

``GET /wijk/signin`` shows a small form in the visitor's language; ``POST`` checks the
username and password with :func:`wijk_core.access.signin.sign_in` (failures counted in
the database per account and per client, a growing delay, a lockout) or, with the
username left empty, the shared facilitator password; on success it sets the signed
cookie (:mod:`wijk_core.access.cookie`) and sends the browser back to the page it came
from. ``/wijk/signout`` removes the cookie. The database work and the password hash run
in a worker thread, and the delay is an ``await``, so a guesser slows only themselves.
"""

from __future__ import annotations

import asyncio
import html
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from wijk_core import config
from wijk_core.access import client as request_rules
from wijk_core.access.cookie import COOKIE_NAME, SignedIn, cookie_secret, shared_fingerprint, write_cookie
from wijk_core.access.signin import SignInOutcome, sign_in, sign_in_shared
from wijk_core.errors import WijkError
from wijk_core.i18n import LANGUAGES, language, t
from wijk_core.store import get_store

__all__ = ["ROUTES", "SIGN_IN_PATH", "SIGN_OUT_PATH", "safe_next"]

SIGN_IN_PATH = "/wijk/signin"
SIGN_OUT_PATH = "/wijk/signout"
_FIELD_MAX = 1024


def safe_next(value: str | None) -> str:
    """A path on this site to go back to; anything else (another site, ``//host``, a scheme) is ``/``."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked:
        return language(asked)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return language(config.default_language())


def _https(request: Request) -> bool:
    if request.url.scheme == "https":
        return True
    return bool(config.trusted_proxy_header()) and request.headers.get("x-forwarded-proto", "").lower() == "https"


def _client(request: Request) -> str | None:
    peer = request.client.host if request.client else None
    return request_rules.client_address(request.headers, peer, config.trusted_proxy_header())


def _same_origin(request: Request) -> bool:
    """A form posted from another site is refused (the cookie alone does not prove intent)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def _page(lang: str, next_path: str, *, error: str = "", username: str = "", status: int = 200) -> HTMLResponse:
    shared = bool(config.facilitator_password())
    hint = f'<p class="hint">{html.escape(t("signin.shared_hint", lang))}</p>' if shared else ""
    alert = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("signin.title", lang))} · Wijkwerf</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f4f6f5; color: #1b1f1d; margin: 0; }}
main {{ max-width: 24rem; margin: 8vh auto; background: #fff; padding: 1.5rem 1.75rem; border-radius: .6rem;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); }}
h1 {{ font-size: 1.4rem; margin-top: 0; }}
label {{ display: block; margin: .9rem 0 .25rem; font-weight: 600; }}
input {{ width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; border: 1px solid #6b7470;
         border-radius: .35rem; }}
button {{ margin-top: 1.2rem; width: 100%; padding: .65rem; font-size: 1rem; color: #fff; background: #1f6f5c;
          border: 0; border-radius: .35rem; cursor: pointer; }}
.error {{ color: #8a1c1c; background: #fdecec; padding: .6rem; border-radius: .35rem; }}
.hint {{ color: #4a524e; font-size: .9rem; }}
a {{ color: #1f6f5c; }}
</style></head>
<body><main>
<h1>{html.escape(t("signin.title", lang))}</h1>
{alert}
<form method="post" action="{SIGN_IN_PATH}?{html.escape(urlencode({"lang": lang, "next": next_path}))}">
<label for="username">{html.escape(t("signin.username", lang))}</label>
<input id="username" name="username" autocomplete="username" maxlength="120" value="{html.escape(username)}">
<label for="password">{html.escape(t("signin.password", lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
{hint}
<button type="submit">{html.escape(t("signin.submit", lang))}</button>
</form>
<p><a href="{html.escape(next_path)}">{html.escape(t("signin.back", lang))}</a></p>
</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store",
                                                           "X-Frame-Options": "DENY"})


def _attempt(username: str, password: str, client: str | None) -> tuple[SignInOutcome, str | None]:
    """Check the credentials in one write transaction; the cookie's value when they are right."""
    store = get_store(config.database_url())
    shared_password = config.facilitator_password()
    with store.writing() as session:
        secret = cookie_secret(session)
        if not username.strip() and shared_password:
            outcome = sign_in_shared(session, password, shared_password, client)
            signed = SignedIn("shared", fingerprint=shared_fingerprint(secret, shared_password))
        else:
            outcome = sign_in(session, username, password, client)
            signed = SignedIn("account", account_id=outcome.account.id) if outcome.account is not None else None
    return outcome, write_cookie(secret, signed) if outcome.ok and signed is not None else None


async def sign_in_page(request: Request) -> Response:
    lang = _lang(request)
    next_path = safe_next(request.query_params.get("next"))
    if request.method == "GET":
        return _page(lang, next_path)
    if not _same_origin(request):
        return _page(lang, next_path, error=t("signin.other_site", lang), status=403)
    form = await request.form()
    username = str(form.get("username") or "")[:_FIELD_MAX]
    password = str(form.get("password") or "")[:_FIELD_MAX]
    try:
        outcome, cookie = await asyncio.to_thread(_attempt, username, password, _client(request))
    except WijkError as error:
        return _page(lang, next_path, error=t(error.code, lang, **error.params), username=username, status=400)
    if cookie is None:
        await asyncio.sleep(outcome.delay)
        error = outcome.error
        text = t(error.code, lang, **error.params) if error is not None else t("errors.sign_in_failed", lang)
        return _page(lang, next_path, error=text, username=username, status=429 if outcome.reason == "locked" else 401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(COOKIE_NAME, cookie, max_age=int(config.session_hours() * 3600), path="/", httponly=True,
                        secure=_https(request), samesite="lax")
    return response


async def sign_out(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    response = RedirectResponse(next_path, status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, secure=_https(request), samesite="lax")
    return response


ROUTES = [
    Route(SIGN_IN_PATH, sign_in_page, methods=["GET", "POST"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["GET", "POST"]),
]
