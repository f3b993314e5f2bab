"""What a published copy of an educator's file is: the content, without the metadata.

Photos, classroom pictures, PDFs and videos carry data nobody sees on the
page: a camera's GPS position, a PDF's title ("Plan for Ava M. and Liam K."),
its author, the software and dates, a video's location. That is exactly where
a student's name or a school's position rides along, so no file is published
as it came:

- **Images** (JPEG, PNG, WebP) are decoded and encoded again from their
  pixels alone (``clean_image``): no EXIF (GPS, camera, dates), XMP, IPTC,
  ICC descriptions, comments or PNG text chunks survive. Orientation and
  colour profile are applied first, so the picture looks as it did.
- **PDFs** (``clean_pdf``, with pikepdf/qpdf) lose the document information
  dictionary (title, author, subject, keywords, creator, producer, dates,
  custom keys), every XMP metadata stream (of the document, its pages,
  images and fonts), applications' private data (``/PieceInfo``) and the
  author and dates of comments. Page content, images, fonts and form fields
  are kept byte for byte (streams are not decoded or recompressed). A PDF
  that cannot be cleaned is refused (``pdf_problem``): encrypted, damaged,
  with attachments, or with JavaScript.
- **Videos** (MP4) keep their media untouched; the boxes that hold metadata
  (``udta`` and ``meta`` of the movie and of each track, where phones write
  the place and title, and XMP ``uuid`` boxes) are overwritten in place by
  ``free`` boxes of the same size, so every offset into the media stays right.

Each function gives the same bytes for the same input.
"""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageCms, ImageOps

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


# --- images -------------------------------------------------------------------------


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted from an embedded colour profile to sRGB, when there is one."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (OSError, ImageCms.PyCMSError):
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    return converted if converted is not None else image


def _plain_mode(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """RGB, RGBA or L: modes every output format takes, palettes and 16-bit flattened."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha and keep_alpha:
        return image.convert("RGBA")
    if has_alpha:
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, image.convert("RGBA")).convert("RGB")
    if image.mode in ("1", "L", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")


def clean_image(data: bytes, image_format: str, max_side: int) -> bytes:
    """The picture re-encoded from its pixels only: no EXIF, XMP, ICC or text chunks.

    Orientation and colour profile are applied first; the result is no
    larger than ``max_side`` on either side. Same input, same bytes.
    """
    with Image.open(io.BytesIO(data)) as opened:
        opened.seek(0)  # the first frame of an animation
        oriented = ImageOps.exif_transpose(opened)
        oriented.load()
        coloured = _to_srgb(oriented)
    flat = _plain_mode(coloured, keep_alpha=image_format != "JPEG")
    flat.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image built from raw pixels carries no info dict, so the encoder finds nothing to copy.
    pixels = Image.frombytes(flat.mode, flat.size, flat.tobytes())
    buffer = io.BytesIO()
    if image_format == "JPEG":
        pixels.save(buffer, format="JPEG", quality=88, optimize=False, progressive=False)
    elif image_format == "WEBP":
        pixels.save(buffer, format="WEBP", quality=85, method=4)
    else:
        pixels.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------


class UncleanablePdf(ValueError):
    """A PDF whose metadata cannot be removed without changing what it shows."""


# Keys of a comment (a markup annotation) that say who wrote it and when.
_ANNOTATION_AUTHOR_KEYS = ("/T", "/M", "/CreationDate")
_JAVASCRIPT_KEYS = ("/JS", "/JavaScript")


def _dictionaries(pdf: object) -> list[object]:
    """Every dictionary and stream of the document, indirect or nested directly in another."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    found, pending = [], [obj for obj in pdf.objects if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array))]
    while pending:
        obj = pending.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.append(obj)
            children = obj.values()
        else:
            children = list(obj)
        # Indirect objects are in pdf.objects already: only direct ones are looked into here.
        pending += [c for c in children if isinstance(c, (pikepdf.Dictionary, pikepdf.Array)) and not c.is_indirect]
    return found


def _strip(pdf: object) -> None:
    for obj in _dictionaries(pdf):
        for key in _JAVASCRIPT_KEYS:
            if key in obj:
                raise UncleanablePdf("contains JavaScript, which cannot be published; export or print it to a new PDF")
        if obj.get("/Type") == "/EmbeddedFile" or "/EmbeddedFiles" in obj:
            raise UncleanablePdf("has attached files, which cannot be published; save it without the attachments")
        for key in ("/Metadata", "/PieceInfo"):
            if key in obj:
                del obj[key]
        if obj.get("/Type") == "/Annot" and obj.get("/Subtype") != "/Widget":  # a form field's /T is its name
            for key in _ANNOTATION_AUTHOR_KEYS:
                if key in obj:
                    del obj[key]


def clean_pdf(data: bytes) -> bytes:
    """The PDF without its document metadata; page content is kept byte for byte.

    Raises ``UncleanablePdf`` with the reason when it cannot be cleaned.
    """
    import pikepdf  # only builds with a public PDF need it

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            _strip(pdf)
            buffer = io.BytesIO()
            pdf.save(
                buffer,
                # Streams are copied as they are: no decoding, no recompression.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                compress_streams=False,
                fix_metadata_version=False,
                # The file identifier from the content, not from a random seed.
                deterministic_id=True,
            )
            return buffer.getvalue()
    except pikepdf.PasswordError as error:
        raise UncleanablePdf("is encrypted or password protected; save an unprotected copy") from error
    except pikepdf.PdfError as error:
        raise UncleanablePdf("is damaged or not a complete PDF; export it again") from error


def pdf_problem(data: bytes) -> str | None:
    """Why a PDF cannot be published clean, or None."""
    try:
        clean_pdf(data)
    except UncleanablePdf as error:
        return str(error)
    return None


# --- MP4 video -------------------------------------------------------------------------

# Boxes that only hold metadata, at the top, in the movie or in a track. Their
# payloads are blanked and their type becomes "free", which every player skips.
_CONTAINERS = {b"moov", b"trak"}
_METADATA_BOXES = {b"udta", b"meta"}
_XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")


def _boxes(data: bytes | bytearray, start: int, end: int) -> list[tuple[int, int, int, bytes]]:
    """(offset, header size, box size, type) of each box in data[start:end]."""
    found, offset = [], start
    while offset + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            if offset + 16 > end:
                break
            size, header = struct.unpack_from(">Q", data, offset + 8)[0], 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise ValueError(f"box {kind!r} at byte {offset} runs past its container")
        found.append((offset, header, size, kind))
        offset += size
    return found


def clean_mp4(data: bytes) -> bytes:
    """The video with its metadata boxes blanked in place (same size, same offsets)."""
    cleaned = bytearray(data)

    def blank(offset: int, size: int) -> None:
        cleaned[offset + 4 : offset + 8] = b"free"
        header = 16 if struct.unpack_from(">I", cleaned, offset)[0] == 1 else 8
        cleaned[offset + header : offset + size] = bytes(size - header)

    def walk(start: int, end: int) -> None:
        for offset, header, size, kind in _boxes(cleaned, start, end):
            if kind in _METADATA_BOXES or (kind == b"uuid" and cleaned[offset + header : offset + header + 16] == _XMP_UUID):
                blank(offset, size)
            elif kind in _CONTAINERS:
                walk(offset + header, offset + size)

    walk(0, len(cleaned))
    return bytes(cleaned)


def mp4_problem(data: bytes) -> str | None:
    try:
        clean_mp4(data)
    except ValueError:
        return "is damaged or not a complete MP4 video; export it again"
    return None


# --- any published file --------------------------------------------------------------


def published_copy(data: bytes, file_format: str, image_max_side: int) -> bytes:
    """The bytes the site publishes for an evidence file of this format."""
    if file_format in PILLOW_FORMATS:
        return clean_image(data, PILLOW_FORMATS[file_format], image_max_side)
    if file_format == "pdf":
        return clean_pdf(data)
    if file_format == "mp4":
        return clean_mp4(data)
    raise ValueError(f"no published copy is made of {file_format} files")


def copy_problem(data: bytes, file_format: str) -> str | None:
    """Why a public file of this format cannot be published clean, or None."""
    if file_format == "pdf":
        return pdf_problem(data)
    if file_format == "mp4":
        return mp4_problem(data)
    return None  # images are checked by filetypes (they must decode) and always re-encode
