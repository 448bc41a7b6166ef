"""Demo photos drawn with Pillow: deterministic, 1:1.5, enough pixels for 300 dpi print."""

import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# 1800 x 1200 px prints at 152 x 102 mm at 300 dpi: the notice's 1:1.5.
WIDTH, HEIGHT = 1800, 1200
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
]
PALETTES = [
    ((196, 224, 245), (120, 144, 170), (168, 60, 50)),
    ((250, 226, 196), (150, 120, 100), (60, 110, 160)),
    ((214, 238, 214), (110, 140, 110), (190, 120, 40)),
    ((232, 220, 246), (130, 120, 160), (40, 130, 120)),
]


@lru_cache(maxsize=1)
def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size, index=2)  # index 2: the SC face
    return None


def demo_photo(seed: str, caption: str) -> bytes:
    """A JPEG of a stylised neighbourhood scene; the same seed gives the same bytes."""
    rng = random.Random(seed)
    sky, building, accent = rng.choice(PALETTES)
    image = Image.new("RGB", (WIDTH, HEIGHT), sky)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT // 2):
        shade = tuple(min(255, c + y // 12) for c in sky)
        draw.line([(0, y), (WIDTH, y)], fill=shade)
    x = 0
    while x < WIDTH:
        w = rng.randint(160, 320)
        h = rng.randint(380, 760)
        tone = tuple(max(0, c - rng.randint(0, 40)) for c in building)
        draw.rectangle([x, HEIGHT - 240 - h, x + w - 12, HEIGHT - 240], fill=tone)
        for wy in range(HEIGHT - 220 - h, HEIGHT - 280, 70):
            for wx in range(x + 20, x + w - 40, 56):
                lit = (255, 236, 170) if rng.random() < 0.3 else (225, 232, 240)
                draw.rectangle([wx, wy, wx + 30, wy + 40], fill=lit)
        x += w
    draw.rectangle([0, HEIGHT - 240, WIDTH, HEIGHT], fill=(92, 96, 92))
    for _ in range(rng.randint(6, 12)):
        px = rng.randint(60, WIDTH - 60)
        colour = tuple(rng.randint(40, 220) for _ in range(3))
        draw.ellipse([px - 28, HEIGHT - 330, px + 28, HEIGHT - 274], fill=(240, 200, 170))
        draw.rounded_rectangle([px - 40, HEIGHT - 272, px + 40, HEIGHT - 120], 24, fill=colour)
    draw.rectangle([0, 0, WIDTH, 18], fill=accent)
    font = _font(64)
    if font is not None:
        draw.rectangle([0, HEIGHT - 110, WIDTH, HEIGHT], fill=(0, 0, 0))
        draw.text((60, HEIGHT - 96), caption[:26], font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, dpi=(300, 300))
    return out.getvalue()
