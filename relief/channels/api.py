"""`/api/v1/channels/sms/...`: inbound SMS/WhatsApp from a gateway, answered in one text.

The generic hook takes `{"from", "text"}` signed with `X-Pantau-Signature` (HMAC-SHA256 of
the raw body under SMS_INBOUND_SECRET) and answers `{"reply"}`; with SMS_OUTBOUND_URL the
reply also goes out through the job queue. Adapters map a RapidPro/TextIt webhook and a
Twilio form post onto the same handler; their protocols carry the reply back themselves.
"""

from flask import Response, current_app, request
from flask_babel import gettext as _
from flask_smorest import Blueprint
from markupsafe import escape
from marshmallow import ValidationError

from relief.channels import handler, signatures
from relief.channels.schemas import InboundSchema, RapidProSchema, ReplySchema, from_urn
from relief.channels.tasks import send_reply
from relief.core import changes
from relief.core.errors import DomainError, ErrorSchema
from relief.core.permissions import PUBLIC, roles
from relief.extensions import limiter
from relief.unit_of_work import writes

blp = Blueprint(
    "channels_api",
    __name__,
    url_prefix="/api/v1/channels",
    description="SMS and WhatsApp through a gateway",
)


def _sender() -> str:
    """The rate limit's key: the sender a gateway names (any of the payload shapes)."""
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        sender = (
            body.get("from")
            or (body.get("input") or {}).get("urn")
            or (body.get("contact") or {}).get("urn")
        )
    else:
        sender = request.form.get("From")
    return "sms:" + "".join(str(sender or "?").split())[:64]


def _counted(response) -> bool:
    """Only messages that were signed and answered count against the sender's budget."""
    return response.status_code == 200


def _limit() -> str:
    return current_app.config["SMS_SENDER_LIMIT"]


def _refuse_unsigned(valid: bool, given: bool) -> None:
    if not given:
        raise DomainError(_("Tanda tangan pesan tidak ada."), status=401)
    if not valid:
        raise DomainError(_("Tanda tangan pesan salah."), status=403)


def _secret() -> str:
    secret = current_app.config.get("SMS_INBOUND_SECRET") or ""
    if not secret:
        raise DomainError(_("Kanal SMS belum diaktifkan."), status=404)
    return secret


def _load(schema, data) -> dict:
    try:
        return schema.load(data)
    except ValidationError as err:
        raise DomainError(_("Data tidak valid."), err.messages) from err


@blp.route("/sms/inbound", methods=["POST"])
@roles(PUBLIC)
@writes
@limiter.limit(_limit, key_func=_sender, deduct_when=_counted)
@blp.response(200, ReplySchema)
@blp.alt_response(401, schema=ErrorSchema, description="Unsigned")
@blp.alt_response(403, schema=ErrorSchema, description="Wrongly signed")
@blp.alt_response(429, schema=ErrorSchema, description="Too many messages from this sender")
def inbound():
    """One message `{"from", "text"}` signed `X-Pantau-Signature: sha256=<hex>`; answers the
    reply (also sent to SMS_OUTBOUND_URL through the job queue when configured)."""
    header = request.headers.get("X-Pantau-Signature")
    body = request.get_data(cache=True)
    _refuse_unsigned(signatures.pantau_valid(body, header, _secret()), bool(header))
    data = _load(InboundSchema(), request.get_json(silent=True))
    reply = handler.handle(data["sender"], data["text"], data["channel"])
    if current_app.config.get("SMS_OUTBOUND_URL"):
        changes.note_job(send_reply, data["sender"], reply, data["channel"])
    return {"reply": reply}


@blp.route("/sms/rapidpro", methods=["POST"])
@roles(PUBLIC)
@writes
@limiter.limit(_limit, key_func=_sender, deduct_when=_counted)
@blp.response(200, ReplySchema)
@blp.alt_response(401, schema=ErrorSchema, description="Unsigned")
@blp.alt_response(403, schema=ErrorSchema, description="Wrongly signed")
def rapidpro():
    """A RapidPro/TextIt flow webhook (`Authorization: Token <SMS_RAPIDPRO_TOKEN>` or the
    HMAC header); the flow reads `@webhook.reply`."""
    header = request.headers.get("X-Pantau-Signature")
    token = request.headers.get("Authorization")
    if header:
        valid = signatures.pantau_valid(request.get_data(cache=True), header, _secret())
    else:
        valid = signatures.token_valid(token, current_app.config.get("SMS_RAPIDPRO_TOKEN", ""))
    _refuse_unsigned(valid, bool(header or token))
    data = _load(RapidProSchema(), request.get_json(silent=True))
    sender, channel = from_urn(data["input"].get("urn") or data["contact"].get("urn") or "")
    if not sender:
        raise DomainError(_("Data tidak valid."), {"contact": [_("Pengirim tidak ada.")]})
    return {"reply": handler.handle(sender, data["input"].get("text") or "", channel)}


@blp.route("/sms/twilio", methods=["POST"])
@roles(PUBLIC)
@writes
@limiter.limit(_limit, key_func=_sender, deduct_when=_counted)
@blp.alt_response(401, schema=ErrorSchema, description="Unsigned")
@blp.alt_response(403, schema=ErrorSchema, description="Wrongly signed")
def twilio():
    """A Twilio-style form post (`From`, `Body`, `X-Twilio-Signature` under
    SMS_TWILIO_AUTH_TOKEN); answers TwiML with the reply."""
    header = request.headers.get("X-Twilio-Signature")
    params = {k: request.form[k] for k in request.form}
    valid = signatures.twilio_valid(
        request.url, params, header, current_app.config.get("SMS_TWILIO_AUTH_TOKEN", "")
    )
    _refuse_unsigned(valid, bool(header))
    sender, channel = from_urn(params.get("From", ""))
    if not sender:
        raise DomainError(_("Data tidak valid."), {"From": [_("Pengirim tidak ada.")]})
    reply = handler.handle(sender, params.get("Body", ""), channel)
    twiml = (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
        f"{escape(reply)}</Message></Response>"
    )
    return Response(twiml, mimetype="application/xml")
