"""Inbound payloads of the generic gateway and of RapidPro/TextIt webhooks."""

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

CHANNELS = ("sms", "whatsapp")


class InboundSchema(Schema):
    """`{"from": "+62...", "text": "..."}` (optionally `channel`: sms or whatsapp)."""

    class Meta:
        unknown = RAISE

    sender = fields.String(data_key="from", required=True, validate=validate.Length(min=3, max=64))
    text = fields.String(required=True, validate=validate.Length(max=1600))
    channel = fields.String(load_default="sms", validate=validate.OneOf(CHANNELS))


class _Urn(Schema):
    class Meta:
        unknown = EXCLUDE

    urn = fields.String(validate=validate.Length(max=80))
    text = fields.String(validate=validate.Length(max=1600))


class RapidProSchema(Schema):
    """A RapidPro/TextIt flow webhook: the message in `input`, the sender's URN there or in
    `contact` (everything else of the payload is ignored)."""

    class Meta:
        unknown = EXCLUDE

    contact = fields.Nested(_Urn, load_default=dict)
    input = fields.Nested(_Urn, load_default=dict)


class ReplySchema(Schema):
    """The answer to the gateway."""

    reply = fields.String()


def from_urn(urn: str) -> tuple[str, str]:
    """`tel:+62812...` -> (`+62812...`, sms); `whatsapp:62812...` -> (`+62812...`, whatsapp)."""
    scheme, _sep, path = (urn or "").partition(":")
    if not path:
        return urn, "sms"
    channel = "whatsapp" if scheme.lower() == "whatsapp" else "sms"
    number = path if path.startswith("+") or not path.isdigit() else "+" + path
    return number, channel
