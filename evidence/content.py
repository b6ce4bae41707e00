"""What an uploaded file is, from its bytes (never its name), and what is kept of it.

``classify`` reads the first bytes (and, for a zip, its ``[Content_Types].xml`` part alone):

- JPEG ``FF D8 FF``, PNG ``89 PNG``, HEIC an ISO-BMFF ``ftyp`` box with a HEIF brand;
- PDF ``%PDF-``;
- DOCX and XLSX: a zip whose ``[Content_Types].xml`` names the main part of a Word document or
  an Excel workbook (macro-enabled ones name another part and are refused).

``prepare`` re-encodes an image (orientation applied, EXIF with the GPS location and every other
metadata dropped, HEIC turned into JPEG, a thumbnail made) and passes documents through as they came.
Every refusal is a ``ValidationError`` on the form's "file" field, in words a clerk understands.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .models import IMAGE_TYPES, MediaType

register_heif_opener()

HEIC = "image/heic"  # accepted on upload, stored as JPEG
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
CONTENT_TYPES_PART = "[Content_Types].xml"
MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": MediaType.DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": MediaType.XLSX,
}
# A real [Content_Types].xml is a few kilobytes; a larger one is not read.
MAX_CONTENT_TYPES_BYTES = 256 * 1024
THUMBNAIL_SIZE = (320, 320)
# Photos are kept at most this wide or tall: a phone's 8,000 pixels add nothing to an inspection.
MAX_SIDE = 4096
JPEG_QUALITY = 85


def max_bytes():
    return getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "EVIDENCE_MAX_PIXELS", 60_000_000)


def _refuse(message, code):
    return ValidationError({"file": ValidationError(message, code=code)})


def wrong_type():
    return _refuse(
        _("This file is not a photo (JPG, PNG, HEIC), a PDF, a Word document (DOCX) or an Excel workbook (XLSX)."),
        "type",
    )


def check_size(upload):
    """Refuse an empty file or one over the size limit, before anything of it is read."""
    if not upload.size:
        raise _refuse(_("The file is empty."), "empty")
    limit = max_bytes()
    if upload.size > limit:
        raise _refuse(
            _("The file is too large (%(size)s): at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            "size",
        )


def classify(upload):
    """The ``MediaType`` (or ``HEIC``) of ``upload``'s content; ``ValidationError`` if it is none of them."""
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return MediaType.PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    raise wrong_type()


def _office_type(upload):
    """DOCX or XLSX from the zip's ``[Content_Types].xml``; nothing else of the zip is inflated."""
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo(CONTENT_TYPES_PART)
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                raise wrong_type()
            with archive.open(info) as part:
                declared = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise wrong_type() from None
    finally:
        upload.seek(0)
    found = {media for part, media in MAIN_PARTS.items() if part in declared}
    if len(found) != 1:
        raise wrong_type()
    return found.pop()


@dataclass
class Prepared:
    """What is stored of an upload: its bytes, their type and extension, and for an image its size and thumbnail."""

    data: bytes
    media_type: str
    thumbnail: bytes = b""
    width: int | None = None
    height: int | None = None


def prepare(upload):
    """Check ``upload`` (size, then content) and give back what is stored of it (``Prepared``)."""
    check_size(upload)
    media = classify(upload)
    if media in (*IMAGE_TYPES, HEIC):
        return _image(upload, media)
    upload.seek(0)
    return Prepared(data=upload.read(), media_type=media)


def _image(upload, media):
    unreadable = _refuse(_("This photo cannot be read: it may be damaged. Take or export it again."), "image")
    upload.seek(0)
    try:
        with Image.open(upload) as source:
            width, height = source.size
            if width * height > max_pixels():
                raise _refuse(_("This photo has too many pixels; send a smaller copy."), "pixels")
            source.load()
            # Turned as the camera meant it (the EXIF orientation), then made from pixels alone:
            # the new image carries no EXIF (GPS location, camera, time), XMP or comments.
            image = ImageOps.exif_transpose(source)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise unreadable from None
    image.info = {}
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    keep_png = media == MediaType.PNG
    out = io.BytesIO()
    if keep_png:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        _flat(image).save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    thumb = _flat(image.copy())
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, "JPEG", quality=80)
    return Prepared(
        data=out.getvalue(),
        media_type=MediaType.PNG if keep_png else MediaType.JPEG,
        thumbnail=thumb_out.getvalue(),
        width=image.width,
        height=image.height,
    )


def _flat(image):
    """``image`` as RGB for JPEG: transparency laid on white."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image
