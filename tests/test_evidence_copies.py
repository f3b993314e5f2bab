"""Published copies of evidence: the content, without the metadata that names people."""

from __future__ import annotations

import io
import struct

import pikepdf
import pytest
from pdf_samples import pdf_bytes

from credsite.evidence_copies import UncleanablePdf, clean_mp4, clean_pdf, copy_problem, published_copy

# --- PDF ------------------------------------------------------------------------------


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_a_pdf_loses_its_information_dictionary_and_xmp() -> None:
    original = pdf_bytes(title="Plan for Ava M. and Liam K.", author="Jordan Rivera", xmp_text="Seating for Ava M.")
    assert b"Ava M." in original and b"Jordan Rivera" in original
    cleaned = clean_pdf(original)
    assert b"Ava M." not in cleaned and b"Liam K." not in cleaned and b"Jordan Rivera" not in cleaned
    pdf = opened(cleaned)
    assert "/Info" not in pdf.trailer
    assert "/Metadata" not in pdf.Root
    assert "/Metadata" not in pdf.pages[0].obj  # XMP on a page goes too
    assert not [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and b"xmpmeta" in obj.read_raw_bytes()]


def test_the_pages_are_kept_byte_for_byte() -> None:
    original = pdf_bytes(title="Plan for Ava M.", xmp_text="Ava M.")
    before, after = opened(original), opened(clean_pdf(original))
    assert len(before.pages) == len(after.pages) == 1
    assert before.pages[0].Contents.read_raw_bytes() == after.pages[0].Contents.read_raw_bytes()
    assert before.pages[0].MediaBox == after.pages[0].MediaBox
    assert before.pages[0].Resources.Font.F1.BaseFont == after.pages[0].Resources.Font.F1.BaseFont


def test_a_comment_keeps_its_text_and_loses_its_author() -> None:
    cleaned = opened(clean_pdf(pdf_bytes(comment_author="Liam K.'s mother")))
    (note,) = cleaned.pages[0].Annots
    assert str(note.Contents) == "Looks good"
    assert "/T" not in note


def test_cleaning_is_deterministic_and_idempotent() -> None:
    original = pdf_bytes(title="Plan for Ava M.", xmp_text="Ava M.")
    once = clean_pdf(original)
    assert clean_pdf(original) == once
    assert clean_pdf(once) == once


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pdf_bytes(password="secret"), "encrypted"),
        (pdf_bytes(attachment=b"Ava M.'s IEP"), "attached files"),
        (pdf_bytes(javascript="app.alert(1)"), "JavaScript"),
        (b"%PDF-1.4\nnot really a PDF", "damaged"),
    ],
    ids=["encrypted", "attachment", "javascript", "damaged"],
)
def test_a_pdf_that_cannot_be_cleaned_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UncleanablePdf, match=reason):
        clean_pdf(data)
    assert reason in (copy_problem(data, "pdf") or "")


# --- MP4 --------------------------------------------------------------------------------


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


MEDIA = bytes(range(256)) * 4
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")


def phone_video() -> bytes:
    """What a phone writes: the place in moov/udta, a title in a track, XMP at the top."""
    location = box(b"\xa9xyz", b"\x00\x11\x15\xc7+38.9717-095.2353/")
    title = box(b"\xa9nam", b"Ava M. reading aloud")
    moov = box(
        b"moov",
        box(b"mvhd", bytes(100))
        + box(b"udta", location)
        + box(b"trak", box(b"tkhd", bytes(84)) + box(b"udta", title))
        + box(b"meta", bytes(4) + box(b"hdlr", bytes(24)) + b"com.apple.quicktime.location.ISO6709"),
    )
    return box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + moov + box(b"uuid", XMP_UUID + b"<x:xmpmeta>Ava</x:xmpmeta>") + box(b"mdat", MEDIA)


def test_a_video_loses_place_title_and_xmp_and_keeps_every_offset() -> None:
    original = phone_video()
    cleaned = clean_mp4(original)
    assert len(cleaned) == len(original)
    for secret in (b"+38.9717", b"Ava M.", b"ISO6709", b"xmpmeta"):
        assert secret in original and secret not in cleaned
    assert cleaned.endswith(box(b"mdat", MEDIA))  # the media, where it was
    assert cleaned.startswith(original[:28])  # ftyp untouched
    assert b"mvhd" in cleaned and b"tkhd" in cleaned
    assert cleaned.count(b"free") == 4
    assert clean_mp4(cleaned) == cleaned


def test_a_video_with_a_box_running_past_its_end_is_refused() -> None:
    broken = phone_video()[:-100]
    assert "damaged" in (copy_problem(broken, "mp4") or "")


def test_published_copy_chooses_by_format() -> None:
    assert b"Ava" not in published_copy(pdf_bytes(title="Ava"), "pdf", 100)
    assert b"Ava" not in published_copy(phone_video(), "mp4", 100)
    with pytest.raises(ValueError):
        published_copy(b"<svg/>", "svg", 100)
