"""Bytes → text: UTF-8 first, a legacy single-byte encoding only when the bytes are clearly text.

Reports arrive as UTF-8 (often with a BOM from Windows editors), sometimes as cp1252 from
older sites. Anything else, such as a PDF or an image passed by mistake, must be refused
with a clear message rather than decoded into mojibake that extraction would then read.
"""

from __future__ import annotations

import codecs

from harmledger.errors import EmptyInputError, UnreadableInputError

# Bytes that never occur in text: C0 controls other than tab, newline, form feed and
# carriage return, plus DEL. A few may be stray; more than this share means binary.
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.01
# In cp1252 prose, accented letters and typographic quotes are a small minority; random
# binary data has about half its bytes above 0x7F.
_MAX_HIGH_SHARE_LEGACY = 0.3
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode one input's bytes, refusing empty and binary inputs with coded errors.

    ``declared`` is an encoding the input names itself (an HTML ``charset``); it is tried
    after UTF-8, because UTF-8 pages that declare latin-1 are common and the reverse is not.
    """
    if data.startswith(_UTF16_BOMS):
        return _require_text(data.decode("utf-16"), source=source)
    if _looks_binary(data):
        raise UnreadableInputError(
            "looks binary (NUL or control bytes), not text; pass a text, HTML, feed or JSON-lines file",
            source=source,
        )
    try:
        return _require_text(data.decode("utf-8-sig"), source=source)
    except UnicodeDecodeError:
        pass
    return _require_text(_decode_legacy(data, source=source, declared=declared), source=source)


def normalise_newlines(text: str) -> str:
    r"""``\r\n`` and lone ``\r`` become ``\n``: the one rewrite text undergoes, so offsets stay stable."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    return _count(sample, _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(sample)


def _count(sample: bytes, wanted: bytes) -> int:
    """How many bytes of ``sample`` are in ``wanted`` (in C: deletion, not a Python loop)."""
    return len(sample) - len(sample.translate(None, wanted))


def _decode_legacy(data: bytes, *, source: str, declared: str | None) -> str:
    sample = data[:_SAMPLE]
    if _count(sample, _HIGH_BYTES) > _MAX_HIGH_SHARE_LEGACY * len(sample):
        raise UnreadableInputError(
            "looks binary: not UTF-8 and too many non-ASCII bytes for a legacy encoding; convert it to UTF-8 text",
            source=source,
        )
    for encoding in (declared, "cp1252"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _require_text(text: str, *, source: str) -> str:
    if not text.strip():
        raise EmptyInputError("is empty (no text at all); remove it from the inputs", source=source)
    return text
