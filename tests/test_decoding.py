import pytest

from indexer import decoding
from indexer.decoding import UnreadableFile, decode


def test_utf8_with_a_byte_order_mark():
    assert decode("\ufeffЛавров".encode()) == ("Лавров", "utf-8")


def test_declared_charset_is_used_when_utf8_fails():
    page = '<meta charset="iso-8859-15">Caf\xe9 \u20ac'.encode("iso-8859-15")
    text, encoding = decode(page)
    assert encoding == "iso-8859-15" and "Café €" in text


def test_russian_in_cp1251_is_detected():
    text, encoding = decode("Сергей Лавров: Переговоры продолжаются.".encode("cp1251"))
    assert encoding == "cp1251" and text.startswith("Сергей Лавров")


def test_anything_else_reads_as_latin1():
    assert decode(b"na\xefve") == ("naïve", "latin-1")


@pytest.mark.parametrize(
    ("raw", "reason"), [(b"", "empty file"), (b"  \n", "empty file"), (b"GIF89a\x00\x01", "binary")]
)
def test_unreadable_files_give_a_reason(raw, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(raw)


def test_files_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(decoding, "MAX_FILE_BYTES", 10)
    with pytest.raises(UnreadableFile, match="over the 0 MB limit"):
        decode(b"x" * 11)


def test_one_stray_byte_in_a_utf8_page_does_not_garble_the_rest():
    raw = ("Président de la République " * 100).encode() + b"\xff" + "Lavrov’s".encode()
    text, encoding = decode(raw)
    assert text.startswith("Président") and text.endswith("\ufffdLavrov’s")
    assert encoding == "utf-8 (1 undecodable bytes replaced)"
