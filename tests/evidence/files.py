"""Small files made in memory, as phones and offices send them (no binary fixtures in the repository)."""

import io
import zipfile

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = ExifTags.IFD.GPSInfo
ORIENTATION = ExifTags.Base.Orientation

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def jpeg_with_gps(*, size=(60, 30), orientation=6):
    """A JPEG as a phone writes it: EXIF with a GPS position (郑州) and an orientation (6: turn 90° clockwise)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[GPS] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (34.0, 45.0, 36.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (113.0, 39.0, 0.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes(size=(40, 40)):
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def heic_bytes(size=(64, 48)):
    from pillow_heif import from_pillow

    out = io.BytesIO()
    from_pillow(Image.new("RGB", size, (10, 160, 60))).save(out, format="HEIF")
    return out.getvalue()


def docx_bytes():
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("会议记录")
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    out = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "签到"])
    workbook.save(out)
    return out.getvalue()


def zip_bytes(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    """What Django hands a view for an uploaded file (the browser's content type is not trusted)."""
    return SimpleUploadedFile(name, data, content_type=content_type)
