"""The anti-forgery token of a form: a stateless, signed, dated token (itsdangerous, Flask's own
signer). A form is refused when its token is missing, forged or older than ``SUBMIT_TOKEN_AGE``.

The pages that carry a token are not readable by other origins (no CORS header, see ``app``), so
another site cannot fetch one and post in a visitor's name."""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "icc-graph-form"


def make_token(secret: bytes | str, form: str) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps(form)


def token_ok(secret: bytes | str, form: str, token: str, max_age: int) -> bool:
    try:
        return URLSafeTimedSerializer(secret, salt=SALT).loads(token or "", max_age=max_age) == form
    except BadSignature:  # also SignatureExpired, its subclass
        return False
