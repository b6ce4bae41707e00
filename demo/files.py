"""The demo's evidence files, drawn at load time (no binary file in the repository): a photo and a one-page PDF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def photo(name, *, seed=0):
    """A small PNG "photo": a sky, a street and a row of people in red vests, different for each ``seed``."""
    width, height = 480, 320
    image = Image.new("RGB", (width, height), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 200, width, height], fill=(120, 120, 125))
    draw.rectangle([30 + seed * 20, 60, 200 + seed * 20, 200], fill=(225, 215, 190), outline=(90, 80, 70))
    draw.rectangle([60 + seed * 20, 30, 170 + seed * 20, 60], fill=(200, 40, 40))  # a banner
    for i in range(6):
        x = 230 + i * 38
        draw.ellipse([x, 150, x + 22, 172], fill=(240, 200, 170))  # head
        draw.rectangle([x - 2, 172, x + 24, 220], fill=(210, 30, 30))  # red vest
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name, lines):
    """A one-page PDF of ASCII ``lines`` (Helvetica), written by hand: a sign-in sheet or minutes stand-in."""
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({_escape(line)}) '" for line in lines) + " ET"
    stream = text.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def _escape(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
