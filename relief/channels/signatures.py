"""Gateway signatures, compared in constant time: the project's own HMAC header, Twilio's
request signature, and a RapidPro/TextIt shared token."""

import base64
import hashlib
import hmac


def pantau_signature(body: bytes, secret: str) -> str:
    """`sha256=<hex HMAC-SHA256 of the raw body>`, as `X-Pantau-Signature` carries it."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def pantau_valid(body: bytes, header: str | None, secret: str) -> bool:
    """Whether the header signs these exact bytes under the secret."""
    if not secret or not header:
        return False
    return hmac.compare_digest(pantau_signature(body, secret), header.strip())


def twilio_signature(url: str, params: dict[str, str], token: str) -> str:
    """Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 of the URL and the sorted form pairs."""
    data = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def twilio_valid(url: str, params: dict[str, str], header: str | None, token: str) -> bool:
    """Whether Twilio's header signs this URL and form."""
    if not token or not header:
        return False
    return hmac.compare_digest(twilio_signature(url, params, token), header.strip())


def token_valid(header: str | None, token: str) -> bool:
    """`Authorization: Token <token>` (RapidPro/TextIt webhook headers are static)."""
    if not token or not header:
        return False
    given = header.strip()
    if given.lower().startswith("token "):
        given = given[6:].strip()
    return hmac.compare_digest(given.encode(), token.encode())
