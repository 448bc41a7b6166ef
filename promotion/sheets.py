"""Exhibition sheets (展板) for the 公益伙伴日: one A2 portrait page per case, print-ready
as the book is (WeasyPrint, fonts embedded, 3 mm bleed), photos checked for 300 dpi."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from cases.mail.links import absolute
from cases.printing import qr
from cases.text.content import body_blocks, case_text
from promotion.highlights import figures_from_text, quotation_from_text

WIDTH_MM, HEIGHT_MM, BLEED_MM = 420, 594, 3
PHOTO_MM = (180, 150)  # each of the two photos, as the template sets them
PRINT_DPI = 300
MM_PER_INCH = 25.4


@dataclass
class SheetPhoto:
    url: str
    caption: str
    dpi: int


@dataclass
class Sheet:
    case: object
    url: str
    qr: str
    figures: list
    quotation: str
    attribution: str
    photos: list
    warnings: list = field(default_factory=list)


def photo_dpi(width_px, height_px, box_mm=PHOTO_MM):
    """The resolution a photo prints at when it covers the box (cropped to fill it)."""
    per_mm = min(width_px / box_mm[0], height_px / box_mm[1])
    return int(per_mm * MM_PER_INCH)


def case_url(case):
    return absolute(case.url) if case.url else absolute(f"/{case.slug}/")


def sheet_for(case):
    blocks = body_blocks(case)
    figures = next((value for kind, value in blocks if kind == "figures"), None)
    text = case_text(case)
    figures = list(figures or figures_from_text(text))[:4]
    quote = next((value for kind, value in blocks if kind == "quote"), None)
    if quote:
        quotation, attribution = quote["text"], quote["attribution"]
    else:
        quotation, attribution = quotation_from_text(text, case.summary)
    url = case_url(case)
    photos = [
        SheetPhoto(p.image.file.url, p.caption, photo_dpi(p.image.width, p.image.height))
        for p in list(case.photos.all())[:2]
    ]
    return Sheet(
        case, url, qr.svg(url), figures, quotation, attribution, photos, photo_warnings(case)
    )


def photo_warnings(case):
    """What the printer should know of the sheet's two photos (under 300 dpi, missing)."""
    warnings = []
    photos = list(case.photos.all())[:2]
    for photo in photos:
        dpi = photo_dpi(photo.image.width, photo.image.height)
        if dpi < PRINT_DPI:
            warnings.append(
                f"《{case.title}》照片“{photo.caption}”印在展板上约每英寸 {dpi} 像素，"
                f"低于 {PRINT_DPI}，印出来可能模糊，建议换用原图"
            )
    if len(photos) < 2:
        warnings.append(f"《{case.title}》照片不足两张，展板上的照片位置将空着")
    return warnings


def sheets_html(sheets, campaign):
    return render_to_string(
        "promotion/print/sheets.html",
        {
            "sheets": sheets,
            "campaign": campaign,
            "width_mm": WIDTH_MM,
            "height_mm": HEIGHT_MM,
            "bleed_mm": BLEED_MM,
        },
    )


def render_sheets(cases, campaign):
    """(PDF bytes with one page per case, warnings)."""
    from weasyprint import HTML  # only where sheets are printed

    from cases.printing import font_memory
    from cases.printing.fetcher import PORTAL_ORIGIN, PortalURLFetcher

    sheets = [sheet_for(case) for case in cases]
    font_memory.install()
    html = HTML(
        string=sheets_html(sheets, campaign),
        base_url=PORTAL_ORIGIN + "/",
        url_fetcher=PortalURLFetcher(),
    )
    pdf = html.write_pdf()
    return pdf, [warning for sheet in sheets for warning in sheet.warnings]
