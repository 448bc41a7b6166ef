"""Crop marks drawn by the portal on the written PDF, and the page boxes they go with
(pikepdf imported in the functions: web processes import this module for SLUG_MM only).

WeasyPrint's own marks (CSS `marks: crop`) are drawn in DeviceRGB and inside the 3 mm
bleed, where a print shop's preflight rejects them. Here every page gets a MediaBox
that holds its BleedBox and TrimBox, all centred on the trimmed page; with marks the
MediaBox has a slug beyond the bleed and the marks stand in it, in the registration
colour (a Separation named All: a line on every plate), starting a millimetre past the
bleed so that no trimming shows them.
"""

PT_PER_MM = 72 / 25.4
SLUG_MM = 9  # beyond the bleed: room for the marks
MARK_GAP_MM = 1  # between the bleed's edge and a mark
MARK_MM = 6
MARK_WIDTH_PT = 0.25
REGISTRATION = "/CSRegistration"


def registration_colour_space():
    """Separation /All: printed on every plate, the colour of crop and register marks."""
    from pikepdf import Array, Dictionary, Name  # only where books are built

    tint = Dictionary(
        FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1
    )
    return Array([Name.Separation, Name.All, Name.DeviceCMYK, tint])


def segments(trim, bleed_pt, folds=()):
    """((x0, y0), (x1, y1)) of each mark for a TrimBox (left, bottom, right, top) in pt:
    two at each corner, on the trim's lines, and one above and one below each fold."""
    left, bottom, right, top = trim
    near = bleed_pt + MARK_GAP_MM * PT_PER_MM
    far = near + MARK_MM * PT_PER_MM
    marks = []
    for x in (left, right, *folds):
        marks.append(((x, top + near), (x, top + far)))
        marks.append(((x, bottom - far), (x, bottom - near)))
    for y in (bottom, top):
        marks.append(((left - far, y), (left - near, y)))
        marks.append(((right + near, y), (right + far, y)))
    return marks


def box_page(pdf, page, trim, bleed_pt, marks, folds=()):
    """Set a page's boxes round its TrimBox (left, bottom, right, top), centred: BleedBox
    `bleed_pt` beyond it, MediaBox a slug beyond that when the page carries marks; then
    draw the marks."""
    from pikepdf import Array

    left, bottom, right, top = trim
    bleed = [left - bleed_pt, bottom - bleed_pt, right + bleed_pt, top + bleed_pt]
    slug = SLUG_MM * PT_PER_MM if marks else 0
    media = [bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug]
    page.obj.MediaBox = Array(media)
    page.obj.BleedBox = Array(bleed)
    page.obj.TrimBox = Array(list(trim))
    for name in ("/CropBox", "/ArtBox"):  # a CropBox smaller than the media would hide the marks
        if name in page.obj:
            del page.obj[name]
    if marks:
        _draw(pdf, page, segments(trim, bleed_pt, folds))


def _draw(pdf, page, marks):
    import pikepdf
    from pikepdf import Dictionary

    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = Dictionary()
    spaces = resources.get("/ColorSpace")
    if spaces is None:
        spaces = resources.ColorSpace = Dictionary()
    spaces[REGISTRATION] = registration_colour_space()
    lines = "".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l " for (x0, y0), (x1, y1) in marks)
    # The page's own content is wrapped in q … Q: WeasyPrint's starts with a transform
    # that is never restored, and the marks are drawn in the page's own coordinates.
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    ops = f"Q\nq {REGISTRATION} CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d {lines}S Q\n"
    page.contents_add(pikepdf.Stream(pdf, ops.encode()), prepend=False)
