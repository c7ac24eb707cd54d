"""Version tokens in files: written in place, shared by processes, refused when malformed."""

import os
import secrets

import pytest

from relief.core.token_files import SIZE, TokenFiles


def test_a_token_is_read_back_as_stored_and_a_missing_one_is_none(tmp_path):
    store = TokenFiles(tmp_path / "tokens")
    token = secrets.token_hex(8)
    store.set_many({"v:36.02.25.2004": token})
    assert store.get("v:36.02.25.2004") == token
    assert store.get_many("v:*", "v:36.02.25.2004") == [None, token]


def test_renewing_overwrites_the_same_file_in_place(tmp_path):
    store = TokenFiles(tmp_path)
    store.set_many({"v:36": secrets.token_hex(8)})
    (path,) = tmp_path.iterdir()
    inode = path.stat().st_ino
    renewed = secrets.token_hex(8)
    store.set_many({"v:36": renewed})
    assert path.stat().st_ino == inode  # no new file renamed over the old one
    assert path.stat().st_size == SIZE
    assert TokenFiles(tmp_path).get("v:36") == renewed  # another process reads it


def test_add_creates_only_where_no_token_exists(tmp_path):
    store = TokenFiles(tmp_path)
    first = secrets.token_hex(8)
    assert store.add("v:*", first)
    assert not store.add("v:*", secrets.token_hex(8))  # another process got there first
    assert store.get("v:*") == first


@pytest.mark.parametrize("content", [b"", b"0123", b"z" * SIZE, b"0" * (SIZE + 1)])
def test_a_file_being_created_or_malformed_reads_as_no_token_and_add_keeps_off(tmp_path, content):
    store = TokenFiles(tmp_path)
    store.set_many({"v:36.02": secrets.token_hex(8)})
    (path,) = tmp_path.iterdir()
    path.write_bytes(content)
    assert store.get("v:36.02") is None
    assert not store.add("v:36.02", secrets.token_hex(8))  # nothing stored under a guess


def test_a_token_that_is_not_16_hex_digits_is_refused(tmp_path):
    store = TokenFiles(tmp_path)
    with pytest.raises(ValueError):
        store.set_many({"v:36": "not-a-token"})
    assert os.listdir(tmp_path) == []
