"""The daily head publication writes the anchor file and sends the head to the channels."""

from relief.alerts import head_notice
from relief.alerts.channels import CHANNELS


def test_the_head_goes_to_the_file_and_every_enabled_channel(app_ctx, tmp_path, monkeypatch):
    sent = []
    webhook = CHANNELS["webhook"]
    monkeypatch.setattr(type(webhook), "enabled", lambda self: True)
    monkeypatch.setattr(type(webhook), "send", lambda self, message: sent.append(message))
    monkeypatch.setitem(app_ctx.config, "AUDIT_ANCHOR_FILE", str(tmp_path / "anchors.log"))
    head = head_notice.publish_audit_head()
    line = (tmp_path / "anchors.log").read_text().split()
    assert line[1:] == [str(head.seq), head.hash]
    assert sent and sent[0]["facts"]["hash"] == head.hash
