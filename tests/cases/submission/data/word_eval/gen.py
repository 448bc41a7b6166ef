#!/usr/bin/env python3
"""Generator for the Word application-form evaluation set (word_eval).

Rebuilds every file of this folder, and labels.json, deterministically (fixed seeds):

    python3 -m venv /tmp/wordeval-venv
    /tmp/wordeval-venv/bin/pip install python-docx pillow lxml
    apt-get install -y libreoffice-writer-nogui fonts-noto-cjk
    /tmp/wordeval-venv/bin/python gen.py            # build + verify
    /tmp/wordeval-venv/bin/python gen.py --verify   # only re-check the files against labels.json

The forms follow 附件1 of the 2016 Jing'an notice calling for community-governance cases
(社会力量参与社区治理优秀案例申报表).  The case texts, organisations, people and phone numbers are
invented for this evaluation set.  Files written "as Word would" come straight from python-docx
(plus a Word-like docProps/app.xml); "as LibreOffice would" are re-saved by soffice --headless;
"as WPS would" are python-docx output post-processed the way WPS Writer writes .docx (w:hint
eastAsia on run fonts, KSOProductBuildVer custom property, wp:anchor floating pictures, wps:wsp
text boxes, WPS heading style ids).  .doc / .wps / .rtf files are soffice conversions (a .wps is a
Word-97 binary .doc under the .wps name).  Byte-identical output is promised for the files
python-docx writes and for the LibreOffice .docx/.doc/.wps (zip entry dates are fixed); the LibreOffice
.rtf and the PDF carry soffice's own dates / font-table order, their content is fixed.
"""
import copy
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import _Cell
from lxml import etree

HERE = Path(__file__).resolve().parent
LO_PROFILE = Path(tempfile.gettempdir()) / "wordeval-lo-profile"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
KEYS = ["案例名称", "申报单位", "申报日期", "申报单位联系人", "联系地址", "联系电话", "手机", "传真",
        "电子邮箱", "推荐单位", "推荐单位意见", "推荐日期", "推荐单位联系人", "推荐单位联系地址",
        "推荐单位联系电话", "推荐单位手机", "推荐单位传真", "推荐单位电子邮箱", "所在街道", "单位类型", "参与主体"]
REC_KEYS = KEYS[9:18]
STREETS = ["静安寺街道", "曹家渡街道", "江宁路街道", "石门二路街道", "南京西路街道", "天目西路街道", "北站街道",
           "宝山路街道", "共和新路街道", "大宁路街道", "彭浦新村街道", "临汾路街道", "芷江西路街道", "彭浦镇"]
TYPES = ["社区生活服务类社会组织", "社区慈善公益类社会组织", "社区文体活动类社会组织", "社区专业调处类社会组织",
         "社会工作者", "志愿者", "两代表一委员"]
SUBJECTS = ["社会组织", "社会工作者", "志愿者", "两代表一委员"]

# --------------------------------------------------------------------------- fonts / pictures
_FONT_FILES = {
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "sansb": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "serifb": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}


def font(size, kind="sans"):
    try:
        return ImageFont.truetype(_FONT_FILES[kind], size, index=2)  # index 2 = SC
    except OSError:
        return ImageFont.load_default()


def seed_of(*parts):
    h = 0
    for ch in "|".join(str(p) for p in parts):
        h = (h * 131 + ord(ch)) % 2_147_483_647
    return h


def _vgrad(d, box, top, bottom):
    x0, y0, x1, y1 = box
    n = max(1, y1 - y0)
    for i in range(n):
        t = i / n
        c = tuple(int(top[k] + (bottom[k] - top[k]) * t) for k in range(3))
        d.line([(x0, y0 + i), (x1, y0 + i)], fill=c)


def _jit(rnd, c, a=18):
    return tuple(max(0, min(255, v + rnd.randint(-a, a))) for v in c)


def _person(d, rnd, x, y, s, shirt=None, hair=None, vest=False):
    """Head centre at (x, y), s = head radius."""
    shirt = shirt or _jit(rnd, rnd.choice([(60, 80, 130), (150, 60, 60), (70, 110, 80), (200, 190, 170),
                                          (90, 90, 90), (170, 130, 90), (230, 230, 225)]), 25)
    hair = hair or rnd.choice([(30, 25, 20), (50, 40, 35), (170, 170, 170), (210, 210, 205), (60, 45, 30)])
    skin = _jit(rnd, (235, 200, 170), 12)
    d.rounded_rectangle([x - s * 1.6, y + s * 1.1, x + s * 1.6, y + s * 5.2], radius=int(s * 0.8), fill=shirt)
    if vest:
        d.rounded_rectangle([x - s * 1.5, y + s * 1.3, x + s * 1.5, y + s * 3.9], radius=int(s * 0.6),
                            fill=(215, 40, 40))
        d.rectangle([x - s * 0.25, y + s * 1.3, x + s * 0.25, y + s * 3.9], fill=shirt)
    d.ellipse([x - s, y - s, x + s, y + s], fill=skin)
    d.chord([x - s, y - s * 1.05, x + s, y + s * 0.5], 180, 360, fill=hair)


def _banner(d, rnd, box, text, color=(200, 30, 35)):
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=color)
    h = y1 - y0
    f = font(max(12, int(h * 0.55)), "sansb")
    tw = d.textlength(text, font=f)
    d.text(((x0 + x1 - tw) / 2, y0 + h * 0.18), text, fill=(255, 240, 200), font=f)


BANNER_TEXTS = {
    "meeting": ["居民议事会", "楼组长议事会", "社区协商议事会", "业主代表座谈会", "志愿者培训会", "邻里互助交流会"],
    "outdoor": ["志愿服务进社区", "爱心助老 情暖社区", "社区公益集市", "平安社区宣传日", "文明社区 共建共享"],
    "stage": ["社区文艺汇演", "邻里文化节", "平安社区 你我共建", "睦邻文化展演"],
    "classroom": ["社区学校", "快乐成长 携手同行", "银发课堂"],
}


def draw_photo(path, seed, kind, w, h):
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h), (200, 200, 200))
    d = ImageDraw.Draw(img)
    if kind in ("building", "outdoor", "street", "bins"):
        _vgrad(d, (0, 0, w, int(h * 0.55)), _jit(rnd, (120, 165, 215)), _jit(rnd, (215, 225, 235)))
        _vgrad(d, (0, int(h * 0.55), w, h), _jit(rnd, (150, 150, 145)), _jit(rnd, (110, 110, 105)))
    else:
        _vgrad(d, (0, 0, w, int(h * 0.62)), _jit(rnd, (236, 228, 210)), _jit(rnd, (215, 205, 185)))
        _vgrad(d, (0, int(h * 0.62), w, h), _jit(rnd, (150, 110, 80)), _jit(rnd, (110, 80, 55)))
    s = max(8, int(h * rnd.uniform(0.028, 0.04)))
    if kind == "building":
        n = rnd.randint(1, 3)
        for b in range(n):
            bx0 = int(w * (0.05 + b * 0.9 / n + rnd.uniform(0, 0.04)))
            bx1 = int(bx0 + w * 0.9 / n * rnd.uniform(0.7, 0.92))
            by0 = int(h * rnd.uniform(0.08, 0.25))
            col = _jit(rnd, rnd.choice([(205, 190, 160), (190, 175, 165), (215, 205, 190), (180, 120, 100)]))
            d.rectangle([bx0, by0, bx1, int(h * 0.78)], fill=col)
            rows, cols = rnd.randint(5, 7), rnd.randint(3, 6)
            for r in range(rows):
                for c in range(cols):
                    wx = bx0 + (c + 0.25) * (bx1 - bx0) / cols
                    wy = by0 + (r + 0.25) * (h * 0.78 - by0) / rows
                    d.rectangle([wx, wy, wx + (bx1 - bx0) / cols * 0.5, wy + (h * 0.78 - by0) / rows * 0.45],
                                fill=_jit(rnd, (90, 110, 130), 20), outline=(240, 240, 240))
            if rnd.random() < 0.6:
                ex = bx0 + (bx1 - bx0) * rnd.uniform(0.3, 0.6)
                d.rectangle([ex, by0 - h * 0.04, ex + w * 0.07, h * 0.78], fill=(120, 160, 190), outline=(80, 80, 80),
                            width=3)
                for yy in range(int(by0), int(h * 0.78), max(6, int(h * 0.04))):
                    d.line([(ex, yy), (ex + w * 0.07, yy)], fill=(90, 90, 90), width=2)
        for t in range(rnd.randint(3, 7)):
            tx, tr = rnd.uniform(0, w), rnd.uniform(h * 0.06, h * 0.12)
            d.rectangle([tx - 4, h * 0.72, tx + 4, h * 0.86], fill=(90, 60, 40))
            d.ellipse([tx - tr, h * 0.72 - tr * 1.4, tx + tr, h * 0.72 + tr * 0.4], fill=_jit(rnd, (60, 120, 60), 25))
        for p in range(rnd.randint(1, 4)):
            _person(d, rnd, rnd.uniform(w * 0.1, w * 0.9), h * 0.8, s * 0.8)
    elif kind in ("meeting", "dining", "classroom", "visit"):
        if kind == "classroom":
            d.rectangle([w * 0.18, h * 0.08, w * 0.82, h * 0.42], fill=(40, 75, 55), outline=(120, 90, 60), width=6)
            f = font(int(h * 0.045), "sans")
            for i in range(3):
                d.text((w * 0.22, h * (0.12 + i * 0.09)),
                       rnd.choice(["今天的学习内容", "微信 视频通话", "暑假作业辅导", "安全知识小课堂", "书法 绘画",
                                   "手机挂号步骤", "认识身边的社区"]), fill=(235, 235, 225), font=f)
        elif kind in BANNER_TEXTS or kind == "dining":
            txt = rnd.choice(BANNER_TEXTS.get(kind, ["邻里助餐点", "长者食堂"]))
            _banner(d, rnd, (int(w * 0.12), int(h * 0.06), int(w * 0.88), int(h * 0.15)), txt)
        if kind == "visit":
            d.rectangle([w * 0.62, h * 0.12, w * 0.9, h * 0.5], fill=(225, 235, 245), outline=(150, 120, 90), width=6)
            d.rounded_rectangle([w * 0.08, h * 0.45, w * 0.58, h * 0.75], radius=20, fill=_jit(rnd, (120, 90, 70)))
            _person(d, rnd, w * 0.22, h * 0.42, s * 1.4, hair=(200, 200, 200))
            _person(d, rnd, w * 0.44, h * 0.42, s * 1.4)
            d.rectangle([w * 0.2, h * 0.78, w * 0.6, h * 0.84], fill=(140, 100, 70))
            for k in range(3):
                cx = w * (0.28 + k * 0.1)
                d.ellipse([cx - 10, h * 0.755, cx + 10, h * 0.79], fill=(245, 245, 245), outline=(120, 120, 120))
        else:
            rows = 2 if kind in ("meeting", "dining") else 3
            for r in range(rows):
                ty = h * (0.52 + r * 0.16)
                n = rnd.randint(3, 6)
                for k in range(n):
                    px = w * (0.1 + (k + 0.5) * 0.8 / n) + rnd.uniform(-8, 8)
                    hair = (200, 200, 200) if kind == "dining" and rnd.random() < 0.7 else None
                    sc = s * (0.8 if kind == "classroom" else 1.0) * (1 + r * 0.15)
                    _person(d, rnd, px, ty - sc * 2.5, sc, hair=hair)
                d.rectangle([w * 0.06, ty, w * 0.94, ty + h * 0.06],
                            fill=(245, 245, 240) if kind == "dining" else _jit(rnd, (150, 105, 70)))
                if kind == "dining":
                    for k in range(n):
                        bx = w * (0.12 + (k + 0.5) * 0.76 / n)
                        d.ellipse([bx - 12, ty + 4, bx + 12, ty + 16], fill=(255, 255, 255), outline=(150, 150, 150))
    elif kind == "outdoor":
        for t in range(rnd.randint(2, 5)):
            tx, tr = rnd.uniform(0, w), rnd.uniform(h * 0.08, h * 0.15)
            d.rectangle([tx - 5, h * 0.4, tx + 5, h * 0.6], fill=(90, 60, 40))
            d.ellipse([tx - tr, h * 0.4 - tr * 1.5, tx + tr, h * 0.4 + tr * 0.3], fill=_jit(rnd, (70, 130, 70), 25))
        cx0, cx1 = w * rnd.uniform(0.15, 0.3), w * rnd.uniform(0.65, 0.85)
        tent = rnd.choice([(200, 40, 40), (40, 90, 170), (230, 230, 230)])
        d.polygon([(cx0, h * 0.3), (cx1, h * 0.3), (cx1 + 20, h * 0.4), (cx0 - 20, h * 0.4)], fill=tent)
        d.line([(cx0, h * 0.4), (cx0, h * 0.75)], fill=(80, 80, 80), width=4)
        d.line([(cx1, h * 0.4), (cx1, h * 0.75)], fill=(80, 80, 80), width=4)
        _banner(d, rnd, (int(cx0), int(h * 0.4), int(cx1), int(h * 0.47)), rnd.choice(BANNER_TEXTS["outdoor"]))
        d.rectangle([cx0 + 20, h * 0.62, cx1 - 20, h * 0.68], fill=(60, 90, 160))
        for k in range(rnd.randint(4, 8)):
            _person(d, rnd, rnd.uniform(w * 0.05, w * 0.95), h * rnd.uniform(0.5, 0.62), s,
                    vest=rnd.random() < 0.5)
    elif kind == "street":
        d.polygon([(0, 0), (w * 0.38, h * 0.3), (w * 0.38, h * 0.7), (0, h)], fill=_jit(rnd, (150, 130, 115)))
        d.polygon([(w, 0), (w * 0.62, h * 0.3), (w * 0.62, h * 0.7), (w, h)], fill=_jit(rnd, (165, 150, 130)))
        for k in range(5):
            y = h * (0.1 + k * 0.14)
            d.rectangle([w * 0.05, y, w * 0.12, y + h * 0.08], fill=(80, 90, 100))
            d.rectangle([w * 0.88, y, w * 0.95, y + h * 0.08], fill=(80, 90, 100))
        d.line([(w * 0.1, h * 0.25), (w * 0.9, h * 0.22)], fill=(60, 60, 60), width=2)
        for k in range(6):
            x = w * (0.2 + k * 0.11)
            d.rectangle([x, h * 0.235, x + w * 0.04, h * 0.3], fill=_jit(rnd, (180, 60, 60), 60))
        for k in range(rnd.randint(2, 5)):
            bx, by, r = rnd.uniform(w * 0.2, w * 0.8), h * rnd.uniform(0.72, 0.85), h * 0.04
            d.ellipse([bx - r, by - r, bx + r, by + r], outline=(30, 30, 30), width=3)
            d.ellipse([bx + r * 2.2 - r, by - r, bx + r * 2.2 + r, by + r], outline=(30, 30, 30), width=3)
            d.line([(bx, by), (bx + r * 1.1, by - r * 1.2), (bx + r * 2.2, by)], fill=_jit(rnd, (40, 40, 140), 60),
                   width=4)
        for k in range(rnd.randint(1, 3)):
            _person(d, rnd, rnd.uniform(w * 0.4, w * 0.6), h * 0.55, s * 0.9)
    elif kind == "bins":
        d.rectangle([0, h * 0.2, w, h * 0.6], fill=(225, 225, 220))
        for yy in range(int(h * 0.2), int(h * 0.6), 18):
            d.line([(0, yy), (w, yy)], fill=(200, 200, 195))
        cols = [(110, 75, 50), (40, 40, 40), (200, 40, 40), (40, 80, 170)]
        lab = ["湿垃圾", "干垃圾", "有害垃圾", "可回收物"]
        f = font(int(h * 0.035), "sansb")
        for k in range(4):
            x = w * (0.12 + k * 0.2)
            d.rectangle([x, h * 0.45, x + w * 0.14, h * 0.78], fill=cols[k])
            d.text((x + 6, h * 0.5), lab[k], fill=(255, 255, 255), font=f)
        for k in range(rnd.randint(2, 4)):
            _person(d, rnd, rnd.uniform(w * 0.1, w * 0.9), h * 0.55, s, vest=rnd.random() < 0.5)
    elif kind == "stage":
        d.rectangle([0, 0, w, h], fill=(30, 25, 35))
        d.rectangle([w * 0.1, h * 0.08, w * 0.9, h * 0.55], fill=(170, 20, 30))
        _banner(d, rnd, (int(w * 0.2), int(h * 0.1), int(w * 0.8), int(h * 0.2)), rnd.choice(BANNER_TEXTS["stage"]),
                color=(150, 15, 25))
        d.rectangle([w * 0.05, h * 0.55, w * 0.95, h * 0.62], fill=(120, 90, 60))
        for k in range(rnd.randint(2, 4)):
            _person(d, rnd, w * (0.3 + k * 0.15), h * 0.33, s * 1.1, shirt=_jit(rnd, (230, 200, 60), 40))
        for r in range(2):
            for k in range(14):
                x = w * (k + 0.5) / 14
                d.ellipse([x - s * 1.3, h * (0.78 + r * 0.12) - s * 1.3, x + s * 1.3, h * (0.78 + r * 0.12) + s * 1.3],
                          fill=(15, 15, 18))
    img = img.filter(ImageFilter.GaussianBlur(rnd.uniform(0.6, 1.2)))
    noise = Image.effect_noise((w, h), rnd.uniform(20, 35)).convert("RGB")
    img = Image.blend(img, noise, 0.05)
    # vignette / exposure
    lum = Image.new("L", (w, h), 0)
    ImageDraw.Draw(lum).ellipse([-w * 0.2, -h * 0.2, w * 1.2, h * 1.2], fill=255)
    lum = lum.filter(ImageFilter.GaussianBlur(w * 0.08))
    img = Image.composite(img, Image.blend(img, Image.new("RGB", (w, h), (0, 0, 0)), 0.35), lum)
    img.save(path, "JPEG", quality=rnd.choice([62, 66, 70]), optimize=True)


def draw_stamp(path, text, seed, size=360, jpeg=False, bottom=""):
    rnd = random.Random(seed)
    S = size * 2
    img = Image.new("RGBA", (S, S), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    red = (rnd.randint(205, 230), rnd.randint(20, 45), rnd.randint(30, 50), 235)
    m = int(S * 0.04)
    d.ellipse([m, m, S - m, S - m], outline=red, width=int(S * 0.035))
    cx = cy = S / 2
    R = S * 0.15
    pts = []
    for i in range(10):
        ang = math.pi / 2 + i * math.pi / 5
        rr = R if i % 2 == 0 else R * 0.4
        pts.append((cx + rr * math.cos(ang), cy - rr * math.sin(ang)))
    d.polygon(pts, fill=red)
    n = len(text)
    span = min(250, 20 * n + 40)
    fsz = int(S * (0.105 if n <= 14 else 0.085))
    f = font(fsz, "sansb")
    rad = S / 2 - m - S * 0.035 - fsz * 0.65
    for i, ch in enumerate(text):
        ang = 90 + span / 2 - (i + 0.5) * span / n  # degrees, from left to right across the top
        ci = Image.new("RGBA", (fsz * 2, fsz * 2), (0, 0, 0, 0))
        ImageDraw.Draw(ci).text((fsz * 0.5, fsz * 0.3), ch, fill=red, font=f)
        ci = ci.rotate(ang - 90, resample=Image.BICUBIC)
        x = cx + rad * math.cos(math.radians(ang)) - fsz
        y = cy - rad * math.sin(math.radians(ang)) - fsz
        img.alpha_composite(ci, (int(x), int(y)))
    if bottom:
        fb = font(int(S * 0.075), "sansb")
        tw = d.textlength(bottom, font=fb)
        d.text((cx - tw / 2, cy + S * 0.2), bottom, fill=red, font=fb)
    px = img.load()
    for _ in range(S * S // 40):  # worn ink
        x, y = rnd.randrange(S), rnd.randrange(S)
        r_, g_, b_, a_ = px[x, y]
        if a_:
            px[x, y] = (r_, g_, b_, rnd.randint(0, 120))
    img = img.resize((size, size), Image.LANCZOS)
    if jpeg:
        bg = Image.new("RGB", (size, size), (250, 248, 244))
        bg.paste(img, (0, 0), img)
        noise = Image.effect_noise((size, size), 20).convert("RGB")
        Image.blend(bg, noise, 0.04).save(path, "JPEG", quality=80)
    else:
        img.save(path, "PNG", optimize=True)


def draw_signature(path, seed, w=420, h=150):
    rnd = random.Random(seed)
    img = Image.new("RGBA", (w * 2, h * 2), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    ink = rnd.choice([(20, 20, 60, 255), (15, 15, 15, 255), (20, 40, 120, 255)])
    x = w * 0.15
    for ch in range(rnd.randint(2, 3)):
        pts = []
        y = h * rnd.uniform(0.8, 1.2)
        for k in range(rnd.randint(14, 22)):
            x += rnd.uniform(4, 18)
            y = min(h * 1.8, max(h * 0.2, y + rnd.uniform(-45, 45)))
            pts.append((x, y))
        for a, b in zip(pts, pts[1:]):
            d.line([a, b], fill=ink, width=rnd.randint(4, 7))
        x += rnd.uniform(20, 50)
    d.line([(w * 0.2, h * 1.6), (x, h * rnd.uniform(1.3, 1.7))], fill=ink, width=4)
    img.resize((w, h), Image.LANCZOS).save(path, "PNG", optimize=True)


def draw_logo(path, seed, text="邻", size=220):
    rnd = random.Random(seed)
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    col = rnd.choice([(0, 120, 190), (20, 140, 90), (230, 120, 20)])
    d.ellipse([4, 4, size - 4, size - 4], fill=col)
    d.ellipse([18, 18, size - 18, size - 18], outline=(255, 255, 255), width=5)
    f = font(int(size * 0.5), "sansb")
    tw = d.textlength(text, font=f)
    d.text(((size - tw) / 2, size * 0.16), text, fill=(255, 255, 255), font=f)
    img.save(path, "PNG", optimize=True)


def draw_banner(path, seed, text, w=1200, h=170):
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for x in range(w):
        t = x / w
        d.line([(x, 0), (x, h)], fill=(int(190 + 40 * t), int(20 + 60 * t), int(30 + 20 * t)))
    d.ellipse([30, 25, 30 + h - 50, h - 25], outline=(255, 230, 150), width=6)
    d.text((52, 42), "静", fill=(255, 230, 150), font=font(int(h * 0.42), "sansb"))
    d.text((h + 10, h * 0.22), text, fill=(255, 255, 255), font=font(int(h * 0.3), "sansb"))
    d.text((h + 12, h * 0.64), "Jing'an Community Governance · 2016", fill=(255, 220, 200), font=font(int(h * 0.13)))
    img.save(path, "JPEG", quality=80)


def draw_form_photo(path, seed, rows, title="社会力量参与社区治理优秀案例申报表", w=1200, h=1600):
    """A phone photo of a printed, filled-in application form."""
    rnd = random.Random(seed)
    pw, ph = 1240, 1754
    paper = Image.new("RGB", (pw, ph), (252, 251, 247))
    d = ImageDraw.Draw(paper)
    d.text((pw / 2 - d.textlength(title, font=font(48, "sansb")) / 2, 110), title, fill=(20, 20, 20),
           font=font(48, "sansb"))
    y = 230
    fl, fv = font(30, "sansb"), font(30, "serif")
    for lab, val, hgt in rows:
        d.rectangle([110, y, 1130, y + hgt], outline=(30, 30, 30), width=3)
        d.line([(330, y), (330, y + hgt)], fill=(30, 30, 30), width=3)
        d.text((125, y + 18), lab, fill=(20, 20, 20), font=fl)
        lines = [val[i:i + 25] for i in range(0, len(val), 25)]
        for k, ln in enumerate(lines[: max(1, hgt // 44)]):
            d.text((350, y + 18 + k * 44), ln, fill=(25, 25, 60), font=fv)
        y += hgt
    photo = Image.new("RGB", (w, h), _jit(rnd, (120, 95, 70), 10))
    bg = ImageDraw.Draw(photo)
    for k in range(0, h, 7):
        bg.line([(0, k), (w, k + rnd.randint(-3, 3))], fill=_jit(rnd, (125, 98, 72), 12))
    sc = 0.86
    p2m = Image.new("L", (int(pw * sc), int(ph * sc)), 255)
    ang = rnd.uniform(-4, 4)
    p2 = paper.resize((int(pw * sc), int(ph * sc)), Image.LANCZOS).rotate(ang, expand=True)
    p2m = p2m.rotate(ang, expand=True)
    ox, oy = (w - p2.width) // 2 + rnd.randint(-30, 30), (h - p2.height) // 2 + rnd.randint(-30, 30)
    photo.paste(p2, (ox, oy), p2m)
    shade = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shade).ellipse([-w * 0.4, -h * 0.3, w * 1.1, h * 1.0], fill=255)
    shade = shade.filter(ImageFilter.GaussianBlur(120))
    photo = Image.composite(photo, Image.blend(photo, Image.new("RGB", (w, h), (20, 15, 10)), 0.45), shade)
    photo = photo.filter(ImageFilter.GaussianBlur(0.8))
    photo.save(path, "JPEG", quality=72)


# --------------------------------------------------------------------------- case texts
def parse_cases(src):
    cases = {}
    cur = None
    for line in src.splitlines():
        if line.startswith("@@ "):
            cur = {"id": line[3:].strip(), "blocks": []}
            cases[cur["id"]] = cur
            continue
        if not line.strip():
            continue
        tag, _, txt = line.partition(" ")
        if tag == "T":
            cur["title"] = txt
        elif tag == "B":
            cur["byline"] = txt
        elif tag in ("P", "N"):
            cur["blocks"].append((tag, txt))
        elif tag[0] == "H":
            cur["blocks"].append(("H", int(tag[1]), txt))
        elif tag == "F":
            kind, _, cap = txt.partition("|")
            cur["blocks"].append(("F", kind, cap or None))
        else:
            raise ValueError(line)
    return cases


def parse_fields(src):
    out = {}
    for line in src.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        assert len(parts) == len(KEYS) + 1, (parts[0], len(parts))
        out[parts[0]] = dict(zip(KEYS, parts[1:]))
    return out


def sentences(text):
    return [s for s in re.findall(r"[^。！？]*[。！？][”’」』）]*|[^。！？]+$", text) if s.strip()]


# --------------------------------------------------------------------------- docx helpers
ALIGN = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT, "l": WD_ALIGN_PARAGRAPH.LEFT,
         "j": WD_ALIGN_PARAGRAPH.JUSTIFY}
_IDS = [5000]


def next_id():
    _IDS[0] += 1
    return _IDS[0]


def set_fonts(rpr_owner_el, ea=None, ascii=None):
    rpr = rpr_owner_el.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    if ascii:
        rf.set(qn("w:ascii"), ascii)
        rf.set(qn("w:hAnsi"), ascii)
    if ea:
        rf.set(qn("w:eastAsia"), ea)


def R(p, text, bold=None, size=None, ea=None, underline=False, italic=None, color=None):
    r = p.add_run(text)
    if bold is not None:
        r.bold = bold
    if italic:
        r.italic = True
    if size:
        r.font.size = Pt(size)
    if underline:
        r.underline = True
    if color:
        r.font.color.rgb = RGBColor(*color)
    if ea:
        set_fonts(r._r, ea=ea)
    return r


def newp(c, style=None):
    if isinstance(c, _Cell):
        ps = c.paragraphs
        if len(ps) == 1 and not ps[0].text and not ps[0]._p.xpath(".//w:drawing|.//w:pict") and \
                c._tc.find(qn("w:tbl")) is None:
            if style:
                ps[0].style = style
            return ps[0]
    return c.add_paragraph(style=style) if style else c.add_paragraph()


def P(c, text="", bold=None, size=None, ea=None, align=None, indent=None, style=None, underline=False,
      space_after=None, left=None):
    p = newp(c, style)
    if align:
        p.alignment = ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(indent)
    if left:
        p.paragraph_format.left_indent = Cm(left)
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if text:
        R(p, text, bold=bold, size=size, ea=ea, underline=underline)
    return p


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def new_doc(ea="宋体", ascii="Times New Roman", size=12, landscape=False, heading_ea="黑体"):
    d = Document()
    st = d.styles["Normal"]
    st.font.name = ascii
    st.font.size = Pt(size)
    set_fonts(st.element, ea=ea, ascii=ascii)
    for i, sz in ((1, 16), (2, 15), (3, 14)):
        hs = d.styles["Heading %d" % i]
        hs.font.color.rgb = RGBColor(0, 0, 0)
        hs.font.size = Pt(sz)
        hs.font.name = ascii
        set_fonts(hs.element, ea=heading_ea, ascii=ascii)
    cs = d.styles["Caption"]
    cs.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    set_fonts(cs.element, ea="宋体")
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.8)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    if landscape:
        set_landscape(sec)
    return d


def set_landscape(sec, on=True):
    w, h = Cm(29.7), Cm(21.0)
    if on:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = w, h
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = h, w
        sec.left_margin = sec.right_margin = Cm(2.8)
        sec.top_margin = sec.bottom_margin = Cm(2.5)


def table(c, rows, cols, widths=None, style="Table Grid"):
    t = c.add_table(rows, cols)
    t.style = style
    if widths:
        for row in t.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Cm(w)
    return t


def cell_text(cell, text, bold=None, align=None, size=None, ea=None):
    p = newp(cell)
    if align:
        p.alignment = ALIGN[align]
    if text:
        R(p, text, bold=bold, size=size, ea=ea)
    return p


def add_picture(run, path, width_cm):
    run.add_picture(str(path), width=Cm(width_cm))
    return run


def to_anchor(run, wrap="topAndBottom", behind=False, h=("column", None, "center"), v=("paragraph", 0, None)):
    inline = run._r.find(".//" + qn("wp:inline"))
    hrel, hoff, halign = h
    vrel, voff, valign = v
    hpos = "<wp:align>%s</wp:align>" % halign if halign else "<wp:posOffset>%d</wp:posOffset>" % hoff
    vpos = "<wp:align>%s</wp:align>" % valign if valign else "<wp:posOffset>%d</wp:posOffset>" % voff
    anchor = parse_xml(
        '<wp:anchor %s distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="%d" '
        'behindDoc="%d" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="%s">%s</wp:positionH><wp:positionV relativeFrom="%s">%s</wp:positionV>'
        '</wp:anchor>' % (nsdecls("wp"), 251658240 + next_id(), 1 if behind else 0, hrel, hpos, vrel, vpos))
    ext = inline.find(qn("wp:extent"))
    anchor.append(ext)
    anchor.append(parse_xml('<wp:effectExtent %s l="0" t="0" r="0" b="0"/>' % nsdecls("wp")))
    wraps = {"topAndBottom": "<wp:wrapTopAndBottom %s/>", "none": "<wp:wrapNone %s/>",
             "square": '<wp:wrapSquare %s wrapText="bothSides"/>'}
    anchor.append(parse_xml(wraps[wrap] % nsdecls("wp")))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(tag)))
    inline.getparent().replace(inline, anchor)
    return anchor


TXBX_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
           'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:w10="urn:schemas-microsoft-com:office:word"')


def _esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def textbox_run(text, width_cm=12.0, height_cm=0.9, offset_cm=0.0, wps=False, size=9, border=False):
    """A floating text box written the way Word 2010+ (and WPS) write one: mc:AlternateContent with a
    wps:wsp/wps:txbx Choice and a VML v:textbox Fallback, both holding the same paragraph."""
    cx, cy, off = int(width_cm * 360000), int(height_cm * 360000), int(offset_cm * 360000)
    i = next_id()
    hint = ' w:hint="eastAsia"' if wps else ""
    para = ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts%s w:ascii="宋体" w:eastAsia="宋体"/>'
            '<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
            % (hint, size * 2, size * 2, _esc(text)))
    line = '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>' if border else \
        "<a:ln><a:noFill/></a:ln>"
    xml = (
        '<w:r %s><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="%d" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>%d</wp:posOffset></wp:positionV>'
        '<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="%d" name="文本框 %d"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>%s'
        '</wps:spPr><wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="文本框 %d" o:spid="_x0000_s%d" type="#_x0000_t202" style="position:absolute;'
        'margin-left:0;margin-top:%.1fpt;width:%.1fpt;height:%.1fpt;z-index:%d;mso-wrap-distance-left:9pt;'
        'mso-wrap-distance-top:3.6pt;mso-wrap-distance-right:9pt;mso-wrap-distance-bottom:3.6pt;'
        'mso-position-horizontal:center;mso-position-horizontal-relative:text;'
        'mso-position-vertical-relative:text;v-text-anchor:top" fillcolor="white" %s>'
        '<v:textbox><w:txbxContent>%s</w:txbxContent></v:textbox><w10:wrap type="topAndBottom"/></v:shape>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
        % (TXBX_NS, 251659264 + i, off, cx, cy, i, i, cx, cy, line, para, i, 1024 + i, off / 12700, cx / 12700,
           cy / 12700, 251659264 + i, 'strokeweight=".5pt"' if border else 'stroked="f"', para))
    return parse_xml(xml)


def seq_caption(c, text, n, label="图"):
    p = newp(c, "Caption")
    p.alignment = ALIGN["c"]
    R(p, label + " ")
    fld = parse_xml('<w:fldSimple %s w:instr=" SEQ %s \\* ARABIC "><w:r><w:rPr><w:noProof/></w:rPr><w:t>%d</w:t>'
                    '</w:r></w:fldSimple>' % (nsdecls("w"), label, n))
    p._p.append(fld)
    R(p, " " + text)
    return p


def check_runs(p, options, chosen, style, size=None):
    for i, opt in enumerate(options):
        if i:
            R(p, "  ", size=size)
        on = opt == chosen
        if style == "unicode":
            R(p, ("☑" if on else "□") + opt, size=size)
        elif style == "square":
            R(p, ("■" if on else "□") + opt, size=size)
        elif style == "sym":
            r = p.add_run()
            if size:
                r.font.size = Pt(size)
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings 2")
            sym.set(qn("w:char"), "F052" if on else "F0A3")
            r._r.append(sym)
            R(p, opt, size=size)
        else:
            raise ValueError(style)


# --------------------------------------------------------------------------- one filled form = one Inst
BUILD = Path(tempfile.mkdtemp(prefix="wordeval-build-"))
IMG = BUILD / "img"
IMG.mkdir(parents=True, exist_ok=True)

DEFAULT_FO = {
    "hmode": "text",          # text | style | bold   (how headings are written)
    "cap": "below",           # caption placement, one value or one per photo
    "prefix": "",            # visible caption marker, e.g. "图{n} "
    "pic_w": 12.0,            # photo width in cm
    "body_ea": "仿宋_GB2312",
    "body_size": 14,
    "indent": "fmt",          # fmt (first-line indent) | spaces (leading U+3000 U+3000) | none
    "title_size": 18,
    "title_ea": "方正小标宋简体",
    "byline_align": "r",
    "h1_bold": False,
    "photo_table_style": "Table Grid",
    "wps": False,
}


class Inst:
    def __init__(self, cid, fo=None, omit=(), blank=(), extras=(), override=None):
        t = TEXTS[cid]
        self.cid, self.title, self.byline, self.blocks = cid, t["title"], t.get("byline"), t["blocks"]
        f = dict(FIELDS[cid])
        for k in ("所在街道", "单位类型", "参与主体"):
            if k not in extras:
                f[k] = None
        for k in omit:
            f[k] = None
        for k in blank:
            f[k] = ""
        f.update(override or {})
        self.f = f
        self.fo = dict(DEFAULT_FO)
        self.fo.update(fo or {})
        # what was actually written, filled in while rendering
        self.r_title, self.r_headings, self.r_not, self.r_photos, self.other, self.r_body = None, [], [], [], [], []
        self.r_br = False

    def cap_mode(self, idx):
        m = self.fo["cap"]
        return m[idx] if isinstance(m, (list, tuple)) else m

    def prefix(self, idx):
        p = self.fo.get("prefix") or ""
        p = p[idx] if isinstance(p, (list, tuple)) else p
        return p.format(n=idx + 1)

    def photo(self, idx, kind):
        path = IMG / ("%s_%d.jpg" % (self.cid, idx + 1))
        rnd = random.Random(seed_of(self.cid, idx, "size"))
        if rnd.random() < 0.2:  # portrait 2:3, both sides within 600-1200 px
            w = rnd.choice([600, 640, 720, 800]); h = int(w * 1.5)
        else:  # landscape 3:2 (the notice asks for 1:1.5)
            w = rnd.choice([900, 960, 1024, 1080, 1200]); h = int(w / 1.5)
        if not path.exists():
            draw_photo(path, seed_of(self.cid, idx, kind), kind, w, h)
        return path, w, h

    def stamp(self, name, jpeg=False, bottom=""):
        path = IMG / ("stamp_%s_%d.%s" % (self.cid, seed_of(name) % 1000, "jpg" if jpeg else "png"))
        if not path.exists():
            draw_stamp(path, name, seed_of(name, self.cid), jpeg=jpeg, bottom=bottom)
        return path


def pic_para(c, path, w_cm, align="c"):
    p = newp(c)
    p.alignment = ALIGN[align]
    r = p.add_run()
    add_picture(r, path, w_cm)
    return p, r


def _cap_para(c, inst, text):
    return P(c, text, size=10.5, ea="楷体_GB2312", align="c")


def render_photo(c, inst, idx, kind, cap, mode=None):
    mode = mode or inst.cap_mode(idx)
    path, w, h = inst.photo(idx, kind)
    pw = inst.fo["pic_w"] if w >= h else inst.fo["pic_w"] * 0.6
    ph = pw * h / w
    vis = inst.prefix(idx) + (cap or "")
    label = cap if (cap and mode not in ("none", "anchor_none")) else None
    if mode == "below":
        pic_para(c, path, pw)
        _cap_para(c, inst, vis)
    elif mode == "above":
        _cap_para(c, inst, vis)
        pic_para(c, path, pw)
    elif mode == "beside":
        t = table(c, 1, 2, widths=[9.0, 6.0], style=inst.fo["photo_table_style"])
        pp = newp(t.cell(0, 0)); pp.alignment = ALIGN["c"]
        add_picture(pp.add_run(), path, 8.0 if w >= h else 5.0)
        cp = cell_text(t.cell(0, 1), vis, size=10.5, ea="楷体_GB2312")
        t.cell(0, 1).vertical_alignment = 1
    elif mode == "nextrow":
        t = table(c, 2, 1, widths=[14.5], style=inst.fo["photo_table_style"])
        pp = newp(t.cell(0, 0)); pp.alignment = ALIGN["c"]
        add_picture(pp.add_run(), path, pw)
        cell_text(t.cell(1, 0), vis, align="c", size=10.5, ea="楷体_GB2312")
    elif mode in ("textbox", "textbox_next"):
        pp, _ = pic_para(c, path, pw)
        host = pp if mode == "textbox" else newp(c)
        off = ph + 0.15 if mode == "textbox" else 0.0
        host._p.append(textbox_run(vis, width_cm=min(pw, 11.0), offset_cm=off, wps=inst.fo["wps"],
                                   border=inst.fo.get("tb_border", False)))
    elif mode == "caption_style":
        pic_para(c, path, pw)
        seq_caption(c, cap, idx + 1)
    elif mode == "none":
        pic_para(c, path, pw)
    elif mode in ("anchor_below", "anchor_none"):
        pp, r = pic_para(c, path, pw)
        to_anchor(r, wrap="topAndBottom", h=("column", None, "center"), v=("paragraph", 0, None))
        if mode == "anchor_below":
            _cap_para(c, inst, vis)
    else:
        raise ValueError(mode)
    inst.r_photos.append({"caption": label})


def render_photo_pair(c, inst, items):
    """Two photos side by side in a 2x2 table, captions in the row below."""
    t = table(c, 2, 2, widths=[7.6, 7.6], style=inst.fo["photo_table_style"])
    for j, (idx, kind, cap) in enumerate(items):
        path, w, h = inst.photo(idx, kind)
        pp = newp(t.cell(0, j)); pp.alignment = ALIGN["c"]
        add_picture(pp.add_run(), path, 7.0 if w >= h else 4.6)
        cell_text(t.cell(1, j), inst.prefix(idx) + cap, align="c", size=10.5, ea="楷体_GB2312")
        inst.r_photos.append({"caption": cap})


H_FONTS = {1: ("黑体", None, 15), 2: ("楷体_GB2312", True, 14), 3: ("仿宋_GB2312", True, 14), 4: ("仿宋_GB2312", False, 14)}


def _body_text(inst, text):
    return ("\u3000\u3000" + text) if inst.fo["indent"] == "spaces" else text


def render_heading(c, inst, level, text):
    fo = inst.fo
    if fo["hmode"] == "style":
        p = newp(c, "Heading %d" % level)
        R(p, text)
    elif fo["hmode"] == "bold":
        P(c, text, bold=True, size=fo["body_size"], ea="黑体", align=fo.get("bold_align"))
    else:
        ea, bold, size = H_FONTS[level]
        if level == 1:
            bold = fo["h1_bold"]
        ind = fo["body_size"] * 2 if fo.get("h_indent", True) and fo["indent"] == "fmt" else None
        P(c, _body_text(inst, text) if fo.get("h_indent", True) else text, bold=bold,
          size=min(size, fo["body_size"] + 1), ea=ea, indent=ind)
    inst.r_headings.append([text, level])
    inst.r_body.append(text)


def render_para(c, inst, text, not_heading=False):
    fo = inst.fo
    ind = fo["body_size"] * 2 if fo["indent"] == "fmt" else None
    P(c, _body_text(inst, text), size=fo["body_size"], ea=fo["body_ea"], indent=ind)
    if not_heading:
        inst.r_not.append(text)
    inst.r_body.append(text)


def render_title(c, inst, title=True, byline=True):
    fo = inst.fo
    if title:
        P(c, inst.title, bold=True, size=fo["title_size"], ea=fo["title_ea"], align="c")
        inst.r_title = inst.title
    if byline and inst.byline:
        P(c, inst.byline, size=fo["body_size"], ea="楷体_GB2312", align=fo["byline_align"])


def render_case(c, inst, title=True, byline=True):
    render_title(c, inst, title, byline)
    blocks = inst.blocks
    idx = 0
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b[0] == "H":
            render_heading(c, inst, b[1], b[2])
        elif b[0] in ("P", "N"):
            render_para(c, inst, b[1], b[0] == "N")
        elif b[0] == "F":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if inst.cap_mode(idx) == "pair" and nxt and nxt[0] == "F":
                render_photo_pair(c, inst, [(idx, b[1], b[2]), (idx + 1, nxt[1], nxt[2])])
                idx += 2
                i += 2
                continue
            mode = inst.cap_mode(idx)
            render_photo(c, inst, idx, b[1], b[2], "nextrow" if mode == "pair" else mode)
            idx += 1
        i += 1


def render_case_br(c, inst, title=True, byline=True, split_h1=True, inline_photos=False):
    """Case text typed with Shift+Enter: the lines of a section share one paragraph, joined by w:br."""
    render_title(c, inst, title, byline)
    inst.r_br = True
    fo = inst.fo
    p = None
    idx = 0
    for b in inst.blocks:
        if b[0] in ("H", "P", "N"):
            text = b[2] if b[0] == "H" else b[1]
            if b[0] == "H" and b[1] == 1 and split_h1:
                p = None
            if p is None:
                p = newp(c)
            else:
                p.add_run().add_break()
            R(p, text if b[0] == "H" else "\u3000\u3000" + text, bold=(b[0] == "H"), size=fo["body_size"],
              ea="黑体" if b[0] == "H" else fo["body_ea"])
            if b[0] == "H":
                inst.r_headings.append([text, b[1]])
            if b[0] == "N":
                inst.r_not.append(text)
            inst.r_body.append(text)
        else:
            kind, cap = b[1], b[2]
            mode = inst.cap_mode(idx)
            if inline_photos:
                if p is None:
                    p = newp(c)
                else:
                    p.add_run().add_break()
                path, w, h = inst.photo(idx, kind)
                add_picture(p.add_run(), path, fo["pic_w"] if w >= h else fo["pic_w"] * 0.6)
                if mode != "none" and cap:
                    p.add_run().add_break()
                    R(p, inst.prefix(idx) + cap, size=10.5, ea="楷体_GB2312")
                inst.r_photos.append({"caption": cap if mode != "none" else None})
            else:
                render_photo(c, inst, idx, kind, cap)
                p = None
            idx += 1


def render_any(c, inst, how):
    if how == "br":
        render_case_br(c, inst)
    elif how == "br_inline":
        render_case_br(c, inst, inline_photos=True)
    elif how == "br_notitle":
        render_case_br(c, inst, title=False)
    elif how == "notitle":
        render_case(c, inst, title=False)
    else:
        render_case(c, inst)


# --------------------------------------------------------------------------- form pieces
APPLICANT_CONTACTS = [[("申报单位联系人", "申报单位联系人"), ("联系地址", "联系地址")],
                      [("联系电话", "联系电话"), ("手    机", "手机")],
                      [("传    真", "传真"), ("电子邮箱", "电子邮箱")]]
REC_CONTACTS = [[("推荐单位联系人", "推荐单位联系人"), ("联系地址", "推荐单位联系地址")],
                [("联系电话", "推荐单位联系电话"), ("手    机", "推荐单位手机")],
                [("传    真", "推荐单位传真"), ("电子邮箱", "推荐单位电子邮箱")]]


def field_line(c, inst, pairs, sep="：", gap="        ", underline=False, size=None, ea=None, bold_label=False):
    items = [(lab, k) for lab, k in pairs if inst.f[k] is not None]
    if not items:
        return None
    p = newp(c)
    for j, (lab, k) in enumerate(items):
        if j:
            R(p, gap, size=size)
        R(p, lab + sep, size=size, ea=ea, bold=bold_label or None)
        v = inst.f[k]
        if v:
            R(p, v, size=size, ea=ea, underline=underline)
        elif underline:
            R(p, " " * 16, size=size, underline=True)
    return p


def contact_lines(c, inst, spec, o):
    for pairs in spec:
        field_line(c, inst, pairs, sep=o.get("sep", "："), gap=o.get("gap", "        "), underline=o.get("ul", False),
                   size=o.get("contact_size"))


def add_stamp(p_or_cell, inst, o, name):
    """Put the recommending unit's seal next to / over the 盖章 line."""
    how = o.get("stamp")
    if not how:
        return
    path = inst.stamp(name or "静安区社会组织服务中心", jpeg=o.get("stamp_jpeg", False), bottom=o.get("stamp_bottom", ""))
    if how == "inline_same":
        add_picture(p_or_cell.add_run(), path, 3.6)
    elif how == "inline_next":
        pass
    elif how == "anchor":
        r = p_or_cell.add_run()
        add_picture(r, path, 3.8)
        to_anchor(r, wrap="none", h=("column", Cm(9.0), None), v=("paragraph", -Cm(1.6), None))
        inst.other.append({"kind": "stamp", "floating": True})
        return
    inst.other.append({"kind": "stamp"})


def rec_block(cell, inst, o):
    f = inst.f
    P(cell, o.get("rec_label", "推荐单位意见："), bold=True)
    P(cell, f["推荐单位意见"] or "", indent=24)
    P(cell)
    p = P(cell, align="r")
    R(p, o.get("seal_label", "盖章："))
    R(p, f["推荐单位"] or " " * 20)
    if o.get("stamp") == "inline_next":
        pp = P(cell, align="r")
        add_picture(pp.add_run(), inst.stamp(f["推荐单位"], jpeg=o.get("stamp_jpeg", False)), 3.6)
        inst.other.append({"kind": "stamp"})
    else:
        add_stamp(p, inst, o, f["推荐单位"])
    if f["推荐日期"] is not None:
        p = P(cell, align="r")
        R(p, "日期：")
        R(p, f["推荐日期"] or "      年    月    日")
    if o.get("signature"):
        p = P(cell, align="r")
        R(p, o.get("sig_label", "负责人签字："))
        sig = IMG / ("sig_%s.png" % inst.cid)
        draw_signature(sig, seed_of(inst.cid, "sig"))
        add_picture(p.add_run(), sig, 3.2)
        inst.other.append({"kind": "signature"})


def has_rec(inst):
    return any(inst.f[k] is not None for k in REC_KEYS)


def banner_top(doc, inst, text="静安区社会力量参与社区治理优秀案例申报"):
    path = IMG / ("banner_%s.jpg" % inst.cid)
    draw_banner(path, seed_of(inst.cid, "banner"), text)
    p = P(doc, align="c")
    add_picture(p.add_run(), path, 15.5)
    inst.other.append({"kind": "banner"})


def header_logo(doc, inst, text, logo_char="邻"):
    path = IMG / ("logo_%s.png" % inst.cid)
    draw_logo(path, seed_of(inst.cid, "logo"), logo_char)
    hp = doc.sections[0].header.paragraphs[0]
    add_picture(hp.add_run(), path, 1.1)
    R(hp, "  " + text, size=9, ea="宋体", color=(0x55, 0x55, 0x55))
    inst.other.append({"kind": "logo"})


# --------------------------------------------------------------------------- form layouts
def build_official(doc, inst, o):
    """附件1 as issued: a cover page (申报编号 box, underlined 案例名称/申报单位/申报日期, applicant contacts),
    then the table 案例名称 / 申报单位 / 案例（2000字左右，可另附） / 推荐单位意见, then the recommending unit's
    contacts."""
    f = inst.f
    mode = o.get("case", "cell")
    if o.get("banner"):
        banner_top(doc, inst)
    if o.get("cover", True):
        if o.get("attach", True):
            P(doc, "附件1：", bold=True, ea="黑体", size=14)
        t = table(doc, 1, 2, widths=[2.6, 4.2])
        t.alignment = WD_TABLE_ALIGNMENT.RIGHT
        cell_text(t.cell(0, 0), "申报编号", align="c", size=10.5)
        P(doc, "（由主办单位统一填写）", align="r", size=9)
        for _ in range(3):
            P(doc)
        P(doc, "社会力量参与社区治理优秀案例", bold=True, size=22, ea="方正小标宋简体", align="c")
        P(doc, "申    报    表", bold=True, size=26, ea="方正小标宋简体", align="c")
        for _ in range(3):
            P(doc)
        for k in ("案例名称", "申报单位", "申报日期"):
            v = f[k]
            if v is None:
                continue
            p = P(doc, left=1.0, space_after=14)
            R(p, k + "  ", bold=True, size=15, ea="黑体")
            R(p, ("  " + v + "    ") if v else " " * 36, underline=True, size=15, ea="仿宋_GB2312")
        P(doc)
        contact_lines(doc, inst, APPLICANT_CONTACTS, dict(o, contact_size=12))
        page_break(doc)
    else:
        P(doc, o.get("title", "社会力量参与社区治理优秀案例申报表"), bold=True, size=18, ea="方正小标宋简体", align="c")
    rows = ["案例名称", "申报单位"]
    if not o.get("cover", True):
        if f["申报日期"] is not None:
            rows.append("申报日期")
        rows.append("contacts")
    rows.append("case")
    if has_rec(inst):
        rows.append("rec")
    t = table(doc, len(rows), 2, widths=[3.2, 12.2])
    for i, k in enumerate(rows):
        if k in KEYS:
            cell_text(t.cell(i, 0), k, bold=True, align="c")
            cell_text(t.cell(i, 1), f[k] or "")
        elif k == "contacts":
            cell_text(t.cell(i, 0), "联系方式", bold=True, align="c")
            contact_lines(t.cell(i, 1), inst, APPLICANT_CONTACTS, dict(o, gap="    "))
        elif k == "case":
            cell = t.cell(i, 0).merge(t.cell(i, 1))
            P(cell, o.get("case_label", "案例（2000字左右，可另附）："), bold=True)
            if mode == "placeholder":
                P(cell, o["placeholder"], align=o.get("ph_align"))
                for _ in range(o.get("ph_blank", 2)):
                    P(cell)
            else:
                render_any(cell, inst, mode)
        elif k == "rec":
            cell = t.cell(i, 0).merge(t.cell(i, 1))
            rec_block(cell, inst, o)
    if has_rec(inst):
        P(doc)
        contact_lines(doc, inst, REC_CONTACTS, o)
    if mode == "placeholder":
        page_break(doc)
        if o.get("attach_label"):
            P(doc, o["attach_label"], bold=True, ea="黑体", size=14)
        render_any(doc, inst, o.get("after", "full"))


def build_para(doc, inst, o):
    """A retyped form: every label on its own line(s) as a plain paragraph."""
    sep, gap = o.get("sep", "："), o.get("gap", "        ")
    if o.get("banner"):
        banner_top(doc, inst)
    for text, size in o.get("head", [("社会力量参与社区治理优秀案例申报表", 18)]):
        P(doc, text, bold=True, size=size, ea="方正小标宋简体", align="c", space_after=12)
    for spec in o["lines"]:
        kind = spec[0]
        if kind == "f":
            field_line(doc, inst, spec[1], sep=sep, gap=gap, size=o.get("size"), underline=o.get("ul", False),
                       bold_label=o.get("bold_label", False))
        elif kind == "check":
            _, lab, key, options, style = spec
            if inst.f[key] is None:
                continue
            p = newp(doc)
            R(p, lab + sep, bold=o.get("bold_label") or None)
            check_runs(p, options, inst.f[key], style, size=o.get("check_size"))
        elif kind == "text":
            P(doc, spec[1], bold=spec[2] if len(spec) > 2 else None)
        elif kind == "blank":
            P(doc)
        elif kind == "opinion":  # label then opinion text (on the same line or below)
            if inst.f["推荐单位意见"] is None:
                continue
            if len(spec) > 2 and spec[2] == "below":
                P(doc, spec[1] + sep, bold=o.get("bold_label") or None)
                P(doc, inst.f["推荐单位意见"], indent=24)
            else:
                p = newp(doc)
                R(p, spec[1] + sep, bold=o.get("bold_label") or None)
                R(p, inst.f["推荐单位意见"])
        elif kind == "seal":  # ("seal", label) -> "推荐单位（盖章）：name" + stamp
            if inst.f["推荐单位"] is None:
                continue
            p = newp(doc)
            R(p, spec[1] + sep, bold=o.get("bold_label") or None)
            R(p, inst.f["推荐单位"])
            if o.get("stamp") == "inline_next":
                pp = P(doc, align="r")
                add_picture(pp.add_run(), inst.stamp(inst.f["推荐单位"], jpeg=o.get("stamp_jpeg", False)), 3.6)
                inst.other.append({"kind": "stamp"})
            else:
                add_stamp(p, inst, o, inst.f["推荐单位"])
        elif kind == "sig":
            p = newp(doc)
            R(p, spec[1] + sep)
            sig = IMG / ("sig_%s.png" % inst.cid)
            draw_signature(sig, seed_of(inst.cid, "sig"))
            add_picture(p.add_run(), sig, 3.0)
            inst.other.append({"kind": "signature"})
        elif kind == "placeholder":
            p = newp(doc)
            R(p, spec[1] + sep, bold=o.get("bold_label") or None)
            R(p, spec[2])
        else:
            raise ValueError(spec)
    if not o.get("no_break"):
        page_break(doc)
    else:
        P(doc)
    render_any(doc, inst, o.get("after", "full"))


def build_grid2(doc, inst, o):
    """Label | value table, one field per row."""
    f = inst.f
    for text, size in o.get("head", [("社会力量参与社区治理优秀案例申报表", 18)]):
        P(doc, text, bold=True, size=size, ea="方正小标宋简体", align="c", space_after=10)
    rows = []
    for r in o["rows"]:
        if r[0] == "f" and f[r[2]] is None:
            continue
        if r[0] == "check" and f[r[2]] is None:
            continue
        if r[0] == "rec" and not has_rec(inst):
            continue
        rows.append(r)
    wl, wv = o.get("widths", (3.6, 11.8))
    t = table(doc, len(rows), 2, widths=[wl, wv])
    for i, r in enumerate(rows):
        lab_cell, val_cell = t.cell(i, 0), t.cell(i, 1)
        if r[0] == "sub":
            cell = lab_cell.merge(val_cell)
            cell_text(cell, r[1], bold=True, align="c")
            continue
        cell_text(lab_cell, r[1], bold=True, align="c")
        if r[0] == "f":
            cell_text(val_cell, f[r[2]])
        elif r[0] == "check":
            check_runs(newp(val_cell), r[3], f[r[2]], r[4], size=10.5)
        elif r[0] == "case":
            if o.get("case", "cell") == "placeholder":
                cell_text(val_cell, o["placeholder"])
            else:
                render_any(val_cell, inst, o.get("case", "cell"))
        elif r[0] == "rec":
            P(val_cell, f["推荐单位意见"] or "", indent=24)
            P(val_cell)
            p = P(val_cell, align="r")
            R(p, o.get("seal_label", "（盖章）"))
            if o.get("seal_name", True) and f["推荐单位"]:
                R(p, f["推荐单位"])
            add_stamp(p, inst, o, f["推荐单位"])
            if f["推荐日期"] is not None:
                P(val_cell, f["推荐日期"] or "    年  月  日", align="r")
    if o.get("case") == "placeholder":
        page_break(doc)
        render_any(doc, inst, o.get("after", "full"))


def build_grid4(doc, inst, o):
    """Four-column form: label | value | label | value.  Row items: ("L", text) / ("V", key) /
    ("C", key, options, style) / ("CASE",) / ("REC",) with an optional trailing span."""
    f = inst.f
    for text, size in o.get("head", [("社会力量参与社区治理优秀案例申报表", 18)]):
        P(doc, text, bold=True, size=size, ea="方正小标宋简体", align="c", space_after=10)
    rows = []
    for row in o["rows"]:
        items = []
        for it in row:
            if it[0] in ("V", "C") and f[it[1]] is None:
                if items and items[-1][0] == "L":
                    items.pop()
                continue
            if it[0] == "REC" and not has_rec(inst):
                items = []
                break
            items.append(it)
        if not items:
            continue
        # re-spread spans so the row fills four columns
        spans = [it[-1] if isinstance(it[-1], int) else 1 for it in items]
        spans[-1] += 4 - sum(spans)
        rows.append(list(zip(items, spans)))
    widths = o.get("widths", (2.8, 5.0, 2.8, 5.0))
    t = table(doc, len(rows), 4, widths=widths)
    for i, row in enumerate(rows):
        col = 0
        for it, span in row:
            cell = t.cell(i, col)
            if span > 1:
                cell = cell.merge(t.cell(i, col + span - 1))
            col += span
            if it[0] == "L":
                cell_text(cell, it[1], bold=True, align="c", size=o.get("size"))
            elif it[0] == "V":
                cell_text(cell, f[it[1]], size=o.get("size"))
            elif it[0] == "C":
                check_runs(newp(cell), it[2], f[it[1]], it[3], size=o.get("check_size", 10.5))
            elif it[0] == "T":
                cell_text(cell, it[1], size=o.get("size"))
            elif it[0] == "CASE":
                if o.get("case", "cell") == "placeholder":
                    cell_text(cell, o["placeholder"])
                else:
                    render_any(cell, inst, o.get("case", "cell"))
            elif it[0] == "REC":
                P(cell, f["推荐单位意见"] or "", indent=21)
                p = P(cell, align="r")
                R(p, "盖章：")
                R(p, f["推荐单位"] or "")
                add_stamp(p, inst, o, f["推荐单位"])
                if f["推荐日期"] is not None:
                    P(cell, "日期：" + (f["推荐日期"] or ""), align="r")
    if o.get("case") == "placeholder":
        if o.get("portrait_after"):
            sec = doc.add_section(WD_SECTION.NEW_PAGE)
            set_landscape(sec, False)
        else:
            page_break(doc)
        render_any(doc, inst, o.get("after", "full"))


def build_landscape_merged(doc, inst, o):
    """Landscape form whose group labels (申报单位 / 推荐单位) are vertically merged cells with sub-labels."""
    f = inst.f
    P(doc, "社会力量参与社区治理优秀案例申报表", bold=True, size=18, ea="方正小标宋简体", align="c", space_after=8)
    rows = [("title",), ("grp", "申报单位", [("名称", "申报单位", None, None), ("地址", "联系地址", None, None),
                                          ("联系人", "申报单位联系人", "联系电话", "联系电话"),
                                          ("手机", "手机", "传真", "传真"), ("电子邮箱", "电子邮箱", None, None)]),
            ("pair", "申报日期", "申报日期", "所在街道", "所在街道"),
            ("check", "单位类型", "单位类型", TYPES),
            ("check", "参与主体", "参与主体", SUBJECTS),
            ("case",)]
    if has_rec(inst):
        rows.append(("grp", "推荐单位", [("名称", "推荐单位", None, None), ("意见", "推荐单位意见", None, None),
                                      ("联系人", "推荐单位联系人", "联系电话", "推荐单位联系电话"),
                                      ("联系地址", "推荐单位联系地址", None, None),
                                      ("手机", "推荐单位手机", "传真", "推荐单位传真"),
                                      ("电子邮箱", "推荐单位电子邮箱", None, None)]))
    nrows = sum(len(r[2]) if r[0] == "grp" else 1 for r in rows)
    t = table(doc, nrows, 5, widths=[2.6, 2.6, 8.8, 2.6, 8.6])
    i = 0
    for r in rows:
        if r[0] == "title":
            cell_text(t.cell(i, 0).merge(t.cell(i, 1)), "案例名称", bold=True, align="c")
            cell_text(t.cell(i, 2).merge(t.cell(i, 4)), f["案例名称"])
            i += 1
        elif r[0] == "grp":
            top = t.cell(i, 0).merge(t.cell(i + len(r[2]) - 1, 0))
            cell_text(top, r[1], bold=True, align="c")
            top.vertical_alignment = 1
            for sub, k1, sub2, k2 in r[2]:
                cell_text(t.cell(i, 1), sub, align="c")
                if k1 == "推荐单位意见":
                    cell = t.cell(i, 2).merge(t.cell(i, 4))
                    P(cell, f[k1] or "")
                    p = P(cell, align="r")
                    R(p, "（盖章）")
                    add_stamp(p, inst, o, f["推荐单位"])
                    if f["推荐日期"] is not None:
                        P(cell, "日期：" + (f["推荐日期"] or ""), align="r")
                elif sub2:
                    cell_text(t.cell(i, 2), f[k1] or "")
                    cell_text(t.cell(i, 3), sub2, align="c")
                    cell_text(t.cell(i, 4), f[k2] or "")
                else:
                    cell_text(t.cell(i, 2).merge(t.cell(i, 4)), f[k1] or "")
                i += 1
        elif r[0] == "pair":
            cell_text(t.cell(i, 0).merge(t.cell(i, 1)), r[1], bold=True, align="c")
            cell_text(t.cell(i, 2), f[r[2]] or "")
            cell_text(t.cell(i, 3), r[3], bold=True, align="c")
            cell_text(t.cell(i, 4), f[r[4]] or "")
            i += 1
        elif r[0] == "check":
            cell_text(t.cell(i, 0).merge(t.cell(i, 1)), r[1], bold=True, align="c")
            style = o.get("check_styles", {}).get(r[2], o.get("check", "unicode"))
            check_runs(newp(t.cell(i, 2).merge(t.cell(i, 4))), r[3], f[r[2]], style, size=10.5)
            i += 1
        elif r[0] == "case":
            cell_text(t.cell(i, 0).merge(t.cell(i, 1)), "案例", bold=True, align="c")
            cell_text(t.cell(i, 2).merge(t.cell(i, 4)), o["placeholder"])
            i += 1
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    set_landscape(sec, False)
    render_any(doc, inst, o.get("after", "full"))


# --------------------------------------------------------------------------- writers
FIXED_ZIP_TIME = (2016, 6, 14, 9, 30, 0)
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<Template>%s</Template><TotalTime>%d</TotalTime><Pages>%d</Pages><Words>0</Words><Characters>0</Characters>'
           '<Application>%s</Application><DocSecurity>0</DocSecurity><Lines>0</Lines><Paragraphs>0</Paragraphs>'
           '<ScaleCrop>false</ScaleCrop><Company>%s</Company><LinksUpToDate>false</LinksUpToDate>'
           '<CharactersWithSpaces>0</CharactersWithSpaces><SharedDoc>false</SharedDoc>'
           '<HyperlinksChanged>false</HyperlinksChanged><AppVersion>%s</AppVersion></Properties>')
CUSTOM_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
              '<vt:lpwstr>2052-10.1.0.5707</vt:lpwstr></property></Properties>')
WPS_APP = "WPS Office_10.1.0.5707_F1E327BC-269C-435d-A152-05C5408002CA"
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…]")


def _wps_hints(xml_bytes):
    root = etree.fromstring(xml_bytes)
    for r in root.iter(qn("w:r")):
        txt = "".join(t.text or "" for t in r.findall(qn("w:t")))
        if not CJK_RUN.search(txt):
            continue
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(r, qn("w:rPr"))
            r.remove(rpr)
            r.insert(0, rpr)
        rf = rpr.find(qn("w:rFonts"))
        if rf is None:
            rf = etree.Element(qn("w:rFonts"))
            pos = 1 if rpr.find(qn("w:rStyle")) is not None else 0
            rpr.insert(pos, rf)
        rf.set(qn("w:hint"), "eastAsia")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finalize_docx(src, dst, writer, pages=2, wps_styles=False):
    zin = zipfile.ZipFile(src)
    parts = {n: zin.read(n) for n in zin.namelist()}
    parts.pop("docProps/thumbnail.jpeg", None)
    ct = parts["[Content_Types].xml"].decode()
    ct = re.sub(r'<Override PartName="/docProps/thumbnail.jpeg"[^>]*/>', "", ct)
    rels = parts["_rels/.rels"].decode()
    rels = re.sub(r'<Relationship [^>]*Target="docProps/thumbnail.jpeg"[^>]*/>', "", rels)
    if writer == "wps":
        parts["docProps/app.xml"] = (APP_XML % ("Normal", 12, pages, WPS_APP, "", "10.0000")).encode()
        parts["docProps/custom.xml"] = CUSTOM_XML.encode()
        ct = ct.replace("</Types>", '<Override PartName="/docProps/custom.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
        rels = rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                                'officeDocument/2006/relationships/custom-properties" '
                                                'Target="docProps/custom.xml"/></Relationships>')
        for n in list(parts):
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n):
                parts[n] = _wps_hints(parts[n])
        if wps_styles:  # WPS names heading styles by number: styleId 2/3/4 = heading 1/2/3
            for n in ("word/styles.xml", "word/document.xml", "word/stylesWithEffects.xml"):
                if n in parts:
                    s = parts[n].decode()
                    for i in (1, 2, 3):
                        s = s.replace('w:styleId="Heading%d"' % i, 'w:styleId="%d"' % (i + 1))
                        s = s.replace('w:val="Heading%d"' % i, 'w:val="%d"' % (i + 1))
                    parts[n] = s.encode()
    else:
        parts["docProps/app.xml"] = (APP_XML % ("Normal.dotm", 37, pages, "Microsoft Office Word", "", "15.0000")).encode()
    parts["[Content_Types].xml"] = ct.encode()
    parts["_rels/.rels"] = rels.encode()
    for n in list(parts):
        if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n):
            parts[n] = re.sub(rb'name="Picture (\d+)"', lambda m: ('name="图片 %s"' % m.group(1).decode()).encode(),
                              parts[n])
    order = ["[Content_Types].xml", "_rels/.rels"] + sorted(n for n in parts if n not in ("[Content_Types].xml",
                                                                                          "_rels/.rels"))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n in order:
            zi = zipfile.ZipInfo(n, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, parts[n])


def soffice(src, target, filt=None):
    outdir = BUILD / ("conv_%s_%s" % (target, src.stem))
    outdir.mkdir(exist_ok=True)
    cmd = ["soffice", "--headless", "--norestore", "-env:UserInstallation=" + LO_PROFILE.as_uri(),
           "--convert-to", target + (":" + filt if filt else ""), "--outdir", str(outdir), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    out = outdir / (src.stem + "." + target)
    if not out.exists():
        raise RuntimeError("soffice produced nothing for %s -> %s" % (src, target))
    return out


# --------------------------------------------------------------------------- the files
def mkdoc(author, created, **kw):
    d = new_doc(**kw)
    cp = d.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.comments = ""
    cp.title = ""
    cp.revision = 3
    import datetime as _dt
    cp.created = _dt.datetime(*created)
    cp.modified = _dt.datetime(*created) + _dt.timedelta(hours=2, minutes=17)
    return d


PARA_STD = [
    ("f", [("案例名称", "案例名称")]), ("f", [("申报单位", "申报单位")]), ("f", [("申报日期", "申报日期")]),
    ("f", [("申报单位联系人", "申报单位联系人"), ("联系地址", "联系地址")]),
    ("f", [("联系电话", "联系电话"), ("手    机", "手机")]),
    ("f", [("传    真", "传真"), ("电子邮箱", "电子邮箱")]),
]
REC_PARA_STD = [
    ("blank",), ("f", [("推荐单位", "推荐单位")]), ("opinion", "推荐单位意见", "below"), ("f", [("日期", "推荐日期")]),
    ("f", [("推荐单位联系人", "推荐单位联系人"), ("联系地址", "推荐单位联系地址")]),
    ("f", [("联系电话", "推荐单位联系电话"), ("手    机", "推荐单位手机")]),
    ("f", [("传    真", "推荐单位传真"), ("电子邮箱", "推荐单位电子邮箱")]),
]


def f01():
    d = mkdoc("Administrator", (2016, 6, 12, 10, 5))
    a = Inst("c01", fo={"prefix": "图{n} "})
    build_official(d, a, {"case": "cell", "stamp": "inline_next"})
    return d, [a]


def f02():
    d = mkdoc("lenovo", (2016, 6, 13, 15, 40))
    a = Inst("c02", fo={"cap": ["above", "none"], "h1_bold": True})
    build_official(d, a, {"case": "placeholder", "placeholder": "（见附页）", "attach_label": "附页：",
                          "stamp": "inline_same", "stamp_jpeg": True, "signature": True})
    return d, [a]


def f03():
    d = mkdoc("user", (2016, 6, 8, 9, 12))
    a = Inst("c03", fo={"hmode": "bold", "cap": "beside", "photo_table_style": None}, omit=["申报日期"])
    header_logo(d, a, "上海市静安区乐龄生活服务社", "乐")
    lines = [("f", [("案例名称", "案例名称")]), ("f", [("申报单位", "申报单位")]),
             ("f", [("申报单位联系人", "申报单位联系人"), ("联系电话", "联系电话")]),
             ("f", [("手机", "手机"), ("传真", "传真")]), ("f", [("联系地址", "联系地址")]),
             ("f", [("电子邮箱", "电子邮箱")])] + REC_PARA_STD
    build_para(d, a, {"lines": lines, "sep": "：", "bold_label": True})
    return d, [a]


def f04():
    d = mkdoc("微软用户", (2016, 6, 14, 16, 2))
    a = Inst("c04", fo={"hmode": "style", "cap": "caption_style"}, omit=REC_KEYS, extras=("所在街道",))
    lines = [("f", [("案例题目", "案例名称")]), ("f", [("单位名称", "申报单位")]), ("f", [("所在街道", "所在街道")]),
             ("f", [("申报时间", "申报日期")]), ("f", [("联系人", "申报单位联系人"), ("电话", "联系电话")]),
             ("f", [("手机号码", "手机"), ("传真", "传真")]), ("f", [("通讯地址", "联系地址")]),
             ("f", [("E-mail", "电子邮箱")])]
    build_para(d, a, {"lines": lines, "sep": ":", "gap": "    ",
                      "head": [("静安区社会力量参与社区治理优秀案例申报表", 16)]})
    return d, [a]


def f05():
    d = mkdoc("HP", (2016, 6, 10, 11, 0))
    a = Inst("c05", fo={"cap": "none", "body_size": 12})
    rows = [("f", "案  例  名  称", "案例名称"), ("f", "申  报  单  位", "申报单位"), ("f", "申  报  日  期", "申报日期"),
            ("f", "联  系  人", "申报单位联系人"), ("f", "联  系  地  址", "联系地址"), ("f", "联  系  电  话", "联系电话"),
            ("f", "手      机", "手机"), ("f", "传      真", "传真"), ("f", "电  子  邮  箱", "电子邮箱"),
            ("case", "案例内容（2000字左右）"), ("f", "推  荐  单  位", "推荐单位"), ("rec", "推荐单位意见"),
            ("f", "推荐单位联系人", "推荐单位联系人"), ("f", "联  系  地  址", "推荐单位联系地址"),
            ("f", "联  系  电  话", "推荐单位联系电话"), ("f", "手      机", "推荐单位手机"),
            ("f", "传      真", "推荐单位传真"), ("f", "电  子  邮  箱", "推荐单位电子邮箱")]
    build_grid2(d, a, {"rows": rows, "case": "br", "seal_label": "（盖章）", "seal_name": False})
    return d, [a]


def f06():
    d = mkdoc("Administrator", (2016, 6, 7, 14, 20), landscape=True)
    a = Inst("c06", fo={"cap": "nextrow", "prefix": "图{n}："}, extras=("所在街道", "单位类型", "参与主体"))
    build_landscape_merged(d, a, {"placeholder": "详见附件", "check": "unicode"})
    return d, [a]


GRID4_STD = [
    [("L", "案例名称"), ("V", "案例名称", 3)],
    [("L", "申报单位"), ("V", "申报单位", 3)],
    [("L", "所在街道"), ("V", "所在街道"), ("L", "单位类型"), ("V", "单位类型")],
    [("L", "联系人"), ("V", "申报单位联系人"), ("L", "申报日期"), ("V", "申报日期")],
    [("L", "联系电话"), ("V", "联系电话"), ("L", "手机"), ("V", "手机")],
    [("L", "传真"), ("V", "传真"), ("L", "电子邮箱"), ("V", "电子邮箱")],
    [("L", "联系地址"), ("V", "联系地址", 3)],
    [("L", "案例（2000字左右）"), ("CASE", 3)],
    [("L", "推荐单位"), ("V", "推荐单位", 3)],
    [("L", "推荐单位意见"), ("REC", 3)],
    [("L", "联系人"), ("V", "推荐单位联系人"), ("L", "联系电话"), ("V", "推荐单位联系电话")],
    [("L", "手机"), ("V", "推荐单位手机"), ("L", "传真"), ("V", "推荐单位传真")],
    [("L", "联系地址"), ("V", "推荐单位联系地址"), ("L", "电子邮箱"), ("V", "推荐单位电子邮箱")],
]


def f07():
    d = mkdoc("dell", (2016, 6, 15, 20, 45))
    a = Inst("c07", fo={"cap": "textbox"}, extras=("所在街道", "单位类型"))
    build_grid4(d, a, {"rows": GRID4_STD, "case": "placeholder", "placeholder": "另附", "stamp": "inline_same"})
    return d, [a]


def f08():
    d = mkdoc("Administrator", (2016, 6, 9, 17, 3))
    a = Inst("c08", fo={"prefix": "照片{n}："})
    b = Inst("c09", fo={"prefix": "照片{n}："})
    build_official(d, a, {"cover": False, "case": "cell", "stamp": "inline_next"})
    page_break(d)
    build_official(d, b, {"cover": False, "case": "cell", "stamp": "inline_next", "stamp_jpeg": True})
    return d, [a, b]


def f09():
    d = mkdoc("PC", (2016, 6, 11, 8, 55))
    a = Inst("c10", fo={"cap": "textbox_next", "h1_bold": True, "tb_border": True}, omit=["申报日期"])
    lines = [("f", [("案例名称", "案例名称")]), ("f", [("申报单位", "申报单位")]), ("sig", "申报单位负责人（签字）"),
             ("f", [("联 系 人", "申报单位联系人"), ("联系电话", "联系电话")]),
             ("f", [("手    机", "手机"), ("传    真", "传真")]), ("f", [("联系地址", "联系地址")]),
             ("f", [("电子邮箱", "电子邮箱")]), ("blank",), ("seal", "推荐单位（盖章）"), ("opinion", "推荐意见"),
             ("f", [("推荐日期", "推荐日期")]), ("f", [("联 系 人", "推荐单位联系人"), ("联系电话", "推荐单位联系电话")]),
             ("f", [("手    机", "推荐单位手机"), ("传    真", "推荐单位传真")]),
             ("f", [("联系地址", "推荐单位联系地址")]), ("f", [("电子邮箱", "推荐单位电子邮箱")])]
    build_para(d, a, {"lines": lines, "sep": "：", "ul": True})
    return d, [a]


def f10():
    d = mkdoc("xinxin", (2016, 6, 13, 13, 30))
    a = Inst("c11", fo={"hmode": "style", "cap": "nextrow"})
    build_official(d, a, {"cover": False, "banner": True, "case": "placeholder", "placeholder": "/",
                          "ph_align": "c"})
    return d, [a]


def f11():
    d = mkdoc("杨立平", (2016, 6, 14, 21, 10))
    a = Inst("c12", fo={"prefix": "图：", "pic_w": 10.0}, extras=("所在街道", "参与主体"))
    rows = [[("L", "案例名称"), ("V", "案例名称", 3)],
            [("L", "申报单位"), ("V", "申报单位", 3)],
            [("L", "申报日期"), ("V", "申报日期"), ("L", "所在街道"), ("V", "所在街道")],
            [("L", "参与主体"), ("C", "参与主体", SUBJECTS, "sym", 3)],
            [("L", "联系人"), ("V", "申报单位联系人"), ("L", "联系地址"), ("V", "联系地址")],
            [("L", "联系电话"), ("V", "联系电话"), ("L", "手机"), ("V", "手机")],
            [("L", "传真"), ("V", "传真"), ("L", "电子邮箱"), ("V", "电子邮箱")],
            [("L", "案例"), ("CASE", 3)],
            [("L", "推荐单位"), ("V", "推荐单位", 3)],
            [("L", "推荐单位意见"), ("REC", 3)],
            [("L", "联系人"), ("V", "推荐单位联系人"), ("L", "联系地址"), ("V", "推荐单位联系地址")],
            [("L", "联系电话"), ("V", "推荐单位联系电话"), ("L", "手机"), ("V", "推荐单位手机")],
            [("L", "传真"), ("V", "推荐单位传真"), ("L", "电子邮箱"), ("V", "推荐单位电子邮箱")]]
    build_grid4(d, a, {"rows": rows, "case": "cell", "size": 10.5})
    return d, [a]


def f12():
    d = mkdoc("刘美华", (2016, 6, 12, 19, 48))
    a = Inst("c13", fo={"h1_bold": True, "indent": "spaces"})
    lines = [("f", [("案例名称", "案例名称")]), ("f", [("申报单位（盖章）", "申报单位")]), ("f", [("申报日期", "申报日期")]),
             ("f", [("联系人", "申报单位联系人"), ("联系电话", "联系电话"), ("手机", "手机")]),
             ("f", [("联系地址", "联系地址")]), ("f", [("传真", "传真"), ("电子邮箱", "电子邮箱")]),
             ("blank",), ("f", [("推荐单位", "推荐单位")]), ("opinion", "推荐意见"), ("f", [("日期", "推荐日期")]),
             ("f", [("推荐单位联系人", "推荐单位联系人"), ("联系电话", "推荐单位联系电话"), ("手机", "推荐单位手机")]),
             ("f", [("联系地址", "推荐单位联系地址")]), ("f", [("传真", "推荐单位传真"), ("电子邮箱", "推荐单位电子邮箱")])]
    build_para(d, a, {"lines": lines, "sep": "：", "gap": "    "})
    return d, [a]


def f13():
    d = mkdoc("Administrator", (2016, 6, 14, 9, 41))
    a = Inst("c31", fo={"prefix": "图{n} ", "pic_w": 11.0}, blank=REC_KEYS)
    build_official(d, a, {"case": "br_inline"})
    return d, [a]


def f14():
    d = mkdoc("wenlin", (2016, 6, 16, 22, 30))
    a = Inst("c14", fo={"cap": "none"}, omit=["申报日期", "联系地址", "传真"] + REC_KEYS)
    lines = [("f", [("案例名称", "案例名称")]), ("f", [("申报单位", "申报单位")]), ("f", [("联系人", "申报单位联系人")]),
             ("f", [("联系电话", "联系电话"), ("手机", "手机")]), ("f", [("电子邮箱", "电子邮箱")])]
    build_para(d, a, {"lines": lines, "head": [("社会力量参与社区治理优秀案例申报", 16)], "no_break": True})
    return d, [a]


def f15():
    d = mkdoc("佟美玲", (2016, 6, 8, 10, 20))
    a = Inst("c15", fo={"prefix": "图{n}："})
    build_official(d, a, {"case": "cell", "stamp": "inline_next"})
    return d, [a]


def f16():
    d = mkdoc("shenyan", (2016, 6, 7, 16, 0))
    a = Inst("c16", fo={"hmode": "style", "cap": "caption_style"}, extras=("所在街道", "单位类型"))
    lines = PARA_STD[:3] + [("f", [("所在街道", "所在街道")]), ("check", "单位类型", "单位类型", TYPES, "unicode")] + \
        PARA_STD[3:] + REC_PARA_STD
    build_para(d, a, {"lines": lines})
    return d, [a]


def f17():
    d = mkdoc("zhongli", (2016, 6, 13, 11, 11))
    a = Inst("c17", fo={"cap": "below"})
    b = Inst("c18", fo={"hmode": "bold", "prefix": "图{n}．"})
    build_para(d, a, {"lines": PARA_STD + REC_PARA_STD})
    page_break(d)
    build_para(d, b, {"lines": PARA_STD + REC_PARA_STD})
    return d, [a, b]


def f18():
    d = mkdoc("caiqp", (2016, 6, 10, 15, 5), landscape=True)
    a = Inst("c19", fo={"cap": "above", "prefix": "图{n} "}, extras=("所在街道", "单位类型", "参与主体"))
    build_landscape_merged(d, a, {"placeholder": "无", "check_styles": {"单位类型": "square", "参与主体": "unicode"},
                                  "stamp": "inline_same"})
    return d, [a]


def f19():
    d = mkdoc("Administrator", (2016, 6, 14, 14, 14))
    a = Inst("c20", fo={"cap": "anchor_below", "prefix": "图{n} ", "wps": True})
    build_official(d, a, {"case": "cell", "stamp": "anchor"})
    return d, [a]


def f20():
    d = mkdoc("zhouxw", (2016, 6, 12, 9, 9))
    a = Inst("c21", fo={"cap": "textbox", "wps": True}, extras=("单位类型", "参与主体"))
    header_logo(d, a, "上海市静安区南京西路街道社会工作服务社", "社")
    lines = PARA_STD[:3] + [("check", "单位类型", "单位类型", TYPES, "unicode"),
                            ("check", "参与主体", "参与主体", SUBJECTS, "unicode")] + PARA_STD[3:] + REC_PARA_STD
    build_para(d, a, {"lines": lines})
    return d, [a]


def f21():
    d = mkdoc("shenlf", (2016, 6, 11, 10, 33))
    a = Inst("c22", fo={"hmode": "style", "prefix": "图{n}：", "wps": True})
    rows = [("f", "案例题目：", "案例名称"), ("f", "申报单位（盖章）：", "申报单位"), ("f", "申报日期：", "申报日期"),
            ("f", "联系人：", "申报单位联系人"), ("f", "联系地址：", "联系地址"), ("f", "联系电话：", "联系电话"),
            ("f", "手机：", "手机"), ("f", "传真：", "传真"), ("f", "电子邮箱：", "电子邮箱"),
            ("case", "案例："), ("f", "推荐单位：", "推荐单位"), ("rec", "推荐单位意见："),
            ("f", "推荐单位联系人：", "推荐单位联系人"), ("f", "联系地址：", "推荐单位联系地址"),
            ("f", "联系电话：", "推荐单位联系电话"), ("f", "手机：", "推荐单位手机"), ("f", "传真：", "推荐单位传真"),
            ("f", "电子邮箱：", "推荐单位电子邮箱")]
    build_grid2(d, a, {"rows": rows, "case": "placeholder", "placeholder": "详见附件", "seal_label": "盖章："})
    return d, [a]


def f22():
    d = mkdoc("Administrator", (2016, 6, 14, 8, 30))
    a = Inst("c23", fo={"prefix": "图{n} "})
    build_official(d, a, {"case": "cell", "stamp": "inline_next"})
    return d, [a]


def f23():
    d = mkdoc("ni", (2016, 6, 10, 16, 45))
    a = Inst("c24", fo={"hmode": "style", "cap": "beside"})
    lines = [("f", [("案例名称", "案例名称")]), ("f", [("申  报  单  位", "申报单位")]), ("f", [("申  报  日  期", "申报日期")]),
             ("f", [("联  系  人", "申报单位联系人"), ("联系地址", "联系地址")]),
             ("f", [("联系电话", "联系电话"), ("手    机", "手机")]), ("f", [("传    真", "传真"), ("电子邮箱", "电子邮箱")]),
             ("blank",), ("f", [("推  荐  单  位", "推荐单位")]), ("opinion", "推荐单位意见", "below"),
             ("f", [("日    期", "推荐日期")]),
             ("f", [("推荐单位联系人", "推荐单位联系人"), ("联系地址", "推荐单位联系地址")]),
             ("f", [("联系电话", "推荐单位联系电话"), ("手    机", "推荐单位手机")]),
             ("f", [("传    真", "推荐单位传真"), ("电子邮箱", "推荐单位电子邮箱")])]
    build_para(d, a, {"lines": lines, "sep": "    ", "gap": "      "})
    return d, [a]


GRID2_STD = [("f", "案例名称", "案例名称"), ("f", "申报单位", "申报单位"), ("f", "申报日期", "申报日期"),
             ("f", "申报单位联系人", "申报单位联系人"), ("f", "联系地址", "联系地址"), ("f", "联系电话", "联系电话"),
             ("f", "手机", "手机"), ("f", "传真", "传真"), ("f", "电子邮箱", "电子邮箱"),
             ("case", "案例（2000字左右）"), ("sub", "推荐单位"), ("f", "推荐单位", "推荐单位"), ("rec", "推荐单位意见"),
             ("f", "联系人", "推荐单位联系人"), ("f", "联系地址", "推荐单位联系地址"), ("f", "联系电话", "推荐单位联系电话"),
             ("f", "手机", "推荐单位手机"), ("f", "传真", "推荐单位传真"), ("f", "电子邮箱", "推荐单位电子邮箱")]


def f24():
    d = mkdoc("wangjh", (2016, 6, 13, 10, 10))
    a = Inst("c25", fo={"prefix": "图{n} ", "pic_w": 10.0})
    b = Inst("c26", fo={"prefix": "图{n} ", "pic_w": 10.0})
    build_grid2(d, a, {"rows": GRID2_STD, "case": "cell", "stamp": "inline_same", "seal_label": "（盖章）",
                       "seal_name": False})
    page_break(d)
    build_grid2(d, b, {"rows": GRID2_STD, "case": "cell", "stamp": "inline_same", "seal_label": "（盖章）",
                       "seal_name": False})
    return d, [a, b]


def f25():
    d = mkdoc("Administrator", (2016, 6, 15, 18, 20))
    a = Inst("c27", fo={"hmode": "bold", "cap": "above"})
    build_official(d, a, {"case": "placeholder", "placeholder": "详见附件", "ph_blank": 6})
    return d, [a]


def f26():
    d = mkdoc("xiewq", (2016, 6, 12, 20, 2))
    a = Inst("c28", fo={"cap": "nextrow", "prefix": "图{n}、", "pic_w": 10.0}, extras=("所在街道", "单位类型"))
    rows = [[("L", "案例名称"), ("V", "案例名称", 3)],
            [("L", "申报单位"), ("V", "申报单位"), ("L", "所在街道"), ("V", "所在街道")],
            [("L", "单位类型"), ("C", "单位类型", TYPES, "square", 3)]] + GRID4_STD[3:]
    build_grid4(d, a, {"rows": rows, "case": "cell", "size": 10.5})
    return d, [a]


def f27():
    d = mkdoc("zhengqi", (2016, 6, 13, 12, 40))
    a = Inst("c29", fo={"prefix": "图{n} ", "pic_w": 11.0})
    build_official(d, a, {"case": "br", "stamp": "inline_next"})
    return d, [a]


def f28():
    d = mkdoc("suwan", (2016, 6, 16, 23, 5))
    a = Inst("c30", fo={"hmode": "style", "cap": "none"}, omit=REC_KEYS)
    build_para(d, a, {"lines": PARA_STD, "sep": ":", "gap": "   "})
    return d, [a]


V_OFFICIAL = "official form (附件1: cover page + table)"
SPECS = [
    dict(file="w01_official_table_word.docx", fn=f01, writer="word", format="docx",
         variants=[V_OFFICIAL, "case text in case cell", "headings 一、/（一）", "caption below photo", "图N caption marker",
                   "stamp image"],
         note="The form as issued, filled in: cover page with underlined 案例名称/申报单位/申报日期 and the applicant's "
              "contacts, then the table; title, byline, headings and photos all inside the 案例 cell; seal PNG in the "
              "推荐单位意见 cell under the 盖章 line; the recommending unit's contacts follow the table."),
    dict(file="w02_official_see_attached.docx", fn=f02, writer="word", format="docx",
         variants=[V_OFFICIAL, "case cell placeholder （见附页）", "case text after the form", "headings 4 levels",
                   "1. list items that are not headings", "caption above photo", "photo without caption",
                   "stamp scan (JPEG)", "signature scan"],
         note="Case cell holds only （见附页）; the case follows on a new page after an '附页：' line. Headings use all "
              "four levels (一、/（一）/1./（1）) and two '1.…。' list items under a 1. heading must stay paragraphs."),
    dict(file="w03_labels_as_paragraphs_fullwidth.docx", fn=f03, writer="word", format="docx",
         variants=["labels as paragraphs", "full-width colons", "no case row (text after form)", "bold short-line headings",
                   "caption beside photo (table cell)", "logo in header", "no 申报日期"],
         note="Retyped form, one or two 'label：value' pairs per line, no 申报日期 line; the case text starts on the next "
              "page; headings are bold short lines without numbers; each photo sits in a borderless 1x2 table with "
              "its caption in the right cell; a round logo in the page header."),
    dict(file="w04_halfwidth_label_variants.docx", fn=f04, writer="word", format="docx",
         variants=["labels as paragraphs", "half-width colons", "label variants (案例题目/单位名称/联系人/E-mail)",
                   "所在街道 line", "Heading 1/2/3 styles", "caption style (SEQ field)", "no 推荐单位 part"],
         note="Half-width colons and renamed labels (案例题目, 单位名称, 申报时间, 联系人, 电话, 手机号码, 通讯地址, "
              "E-mail); no recommending-unit part at all; headings are Word Heading 1/2/3 paragraphs without numbers; "
              "captions are Caption-style paragraphs '图 {SEQ 图} text' as Word's Insert Caption writes them."),
    dict(file="w05_spaced_labels_softbreaks.docx", fn=f05, writer="word", format="docx",
         variants=["2-column table", "spaced labels", "no colons", "case text in case cell",
                   "soft line breaks (w:br) in case cell", "photos without caption"],
         note="Two-column label|value table with spaced labels ('申  报  单  位', '手      机'); the case cell text "
              "was typed with Shift+Enter, so each section is one paragraph whose lines are joined by w:br; photos "
              "have no captions. 推荐单位 has its own row; the opinion cell only says （盖章）."),
    dict(file="w06_landscape_merged_checkboxes.docx", fn=f06, writer="word", format="docx",
         variants=["landscape", "merged label cells with sub-labels", "checkboxes ☑/□", "所在街道 row",
                   "case cell placeholder 详见附件", "case text after the form", "headings 一、/（一）/1、",
                   "caption in next table row"],
         note="Landscape page; '申报单位' and '推荐单位' are vertically merged cells with sub-labels 名称/地址/联系人/...; "
              "单位类型 and 参与主体 as ☑/□ lists; the case follows in a new portrait section; each photo is in a "
              "2-row table with the caption in the row below."),
    dict(file="w07_four_column_textbox_captions.docx", fn=f07, writer="word", format="docx",
         variants=["4-column table", "所在街道/单位类型 cells", "case cell placeholder 另附", "case text after the form",
                   "captions in text boxes", "stamp image", "label 联系人"],
         note="Four-column table (label|value|label|value); the case cell only says 另附; each caption is a floating "
              "text box (mc:AlternateContent: wps:txbx Choice + v:textbox Fallback with the same text) anchored in "
              "the photo's own paragraph; the seal sits inline right after the 盖章 name."),
    dict(file="w08_two_forms_official.docx", fn=f08, writer="word", format="docx",
         variants=["two filled forms in one file", V_OFFICIAL + " without cover", "contacts as lines inside one cell",
                   "case text in case cell", "照片N： caption marker", "stamp image"],
         note="Two different applications in one file, separated by a page break; each has its own table, contacts "
              "(a '联系方式' cell holding several 'label：value' lines), case, photos and seal (PNG, then JPEG scan)."),
    dict(file="w09_textbox_captions_signature.docx", fn=f09, writer="word", format="docx",
         variants=["labels as paragraphs", "spaced labels (联 系 人, 手    机)", "label 推荐单位（盖章）", "no 申报日期",
                   "captions in text boxes (own paragraph)", "headings 一、/（一）/1．", "short quoted line not a heading",
                   "signature scan", "underlined values"],
         note="Paragraph form with underlined values and a signature scan after '申报单位负责人（签字）：'; the "
              "recommending unit's name is only given on the '推荐单位（盖章）：' line; captions are bordered text "
              "boxes anchored in an empty paragraph under each photo; a standalone quoted line must stay a paragraph."),
    dict(file="w10_banner_nextrow_captions.docx", fn=f10, writer="word", format="docx",
         variants=["banner image at top", V_OFFICIAL + " without cover", "case cell placeholder /",
                   "case text after the form", "Heading 1/2 styles with numbered text", "caption in next table row",
                   "no stamp"],
         note="A red banner picture heads the form; case cell holds only '/'; headings are Heading 1/2 paragraphs "
              "whose text also carries 一、/（一）; each photo is in a 2-row table with its caption below."),
    dict(file="w11_four_column_symbol_checkboxes.docx", fn=f11, writer="word", format="docx",
         variants=["4-column table", "checkboxes as Wingdings w:sym", "所在街道 cell", "case text in case cell",
                   "图： caption marker", "short quoted line not a heading"],
         note="参与主体 is ticked with Word's Insert-Symbol check boxes (w:sym Wingdings 2 F052 ticked / F0A3 empty), "
              "so the box glyphs are not in the text; the case (with title and byline) is inside the merged 案例 "
              "cell."),
    dict(file="w12_real_names_fullwidth_indent.docx", fn=f12, writer="word", format="docx",
         variants=["labels as paragraphs", "label 申报单位（盖章）", "three fields on one line", "full-width space indent",
                   "real-looking names", "headings 一、 only", "caption below photo"],
         note="Body text and headings are indented with two U+3000 spaces typed into the text; the case text names "
              "people with real-looking full names (陈建国, 刘美华, 王桂英) instead of code names; the contact 刘美华 "
              "also appears in the text."),
    dict(file="w13_official_cell_softbreaks_inline_photos.docx", fn=f13, writer="word", format="docx",
         variants=[V_OFFICIAL, "soft line breaks (w:br) in case cell", "photos inline inside a soft-broken paragraph",
                   "图N caption line after w:br", "推荐单位 part present but blank"],
         note="Case typed with Shift+Enter inside the case cell: photos sit inside those paragraphs, each followed by "
              "a w:br and an '图N …' caption line. The 推荐单位意见 cell and the recommending contacts are printed "
              "but left empty (fields are \"\")."),
    dict(file="w14_minimal_no_recommend.docx", fn=f14, writer="word", format="docx",
         variants=["labels as paragraphs", "few fields (no 地址/传真/申报日期)", "no 推荐单位 part",
                   "case text right after the fields", "no headings", "photos without caption"],
         note="A bare-bones submission: six label lines, no recommending part, the case text follows on the same "
              "page with no headings; photos have no captions."),
    dict(file="w15_libreoffice_official.docx", fn=f15, writer="libreoffice", format="docx",
         variants=[V_OFFICIAL, "saved by LibreOffice", "case text in case cell", "图N： caption marker", "stamp image"],
         note="The official form re-saved by LibreOffice Writer (soffice --convert-to docx)."),
    dict(file="w16_libreoffice_heading_styles.docx", fn=f16, writer="libreoffice", format="docx", via="odt",
         variants=["labels as paragraphs", "saved by LibreOffice (via .odt)", "checkboxes ☑/□", "所在街道 line",
                   "Heading 1/2/3 styles with numbered text", "caption style (SEQ field)"],
         note="Written as .odt then converted to .docx by LibreOffice; 单位类型 as a ☑/□ line; headings are Heading "
              "1/2/3 with 一、/（一）/1. in their text; captions are caption-style paragraphs with a SEQ number."),
    dict(file="w17_libreoffice_two_forms.docx", fn=f17, writer="libreoffice", format="docx",
         variants=["two filled forms in one file", "labels as paragraphs", "saved by LibreOffice", "headings 一、",
                   "bold short-line headings (second form)", "图N． caption marker"],
         note="Two paragraph-style forms, each followed by its own case text; the second case uses bold short lines "
              "as headings and '图1．' caption markers."),
    dict(file="w18_libreoffice_landscape_merged.docx", fn=f18, writer="libreoffice", format="docx",
         variants=["landscape", "merged label cells with sub-labels", "saved by LibreOffice", "checkboxes ■/□ and ☑/□",
                   "所在街道 row", "case cell placeholder 无", "case text after the form", "caption above photo",
                   "1． list items that are not headings", "stamp image"],
         note="Landscape form with merged group labels (申报单位 / 推荐单位 with sub-labels), re-saved by LibreOffice; "
              "单位类型 ticked with ■/□ and 参与主体 with ☑/□; the case cell says only 无 and the case follows in a "
              "portrait section; '1．…。' rules of a pact are list items, not headings; seal inline after （盖章）."),
    dict(file="w19_wps_official_floating.docx", fn=f19, writer="wps", format="docx",
         variants=[V_OFFICIAL, "WPS-style docx", "floating anchored photos (wp:anchor)", "floating stamp over 盖章",
                   "case text in case cell", "caption below photo", "real-looking names"],
         note="WPS markup: w:hint=\"eastAsia\" on run fonts, docProps/custom.xml KSOProductBuildVer, WPS app name; "
              "photos are wp:anchor pictures (top-and-bottom wrap) inside the case cell with captions below; the seal "
              "floats (wrapNone) over the 盖章 line."),
    dict(file="w20_wps_textbox_checkboxes.docx", fn=f20, writer="wps", format="docx",
         variants=["labels as paragraphs", "WPS-style docx", "checkboxes ☑/□ for 单位类型 and 参与主体", "logo in header",
                   "captions in text boxes (wps:wsp)", "headings 4 levels", "（1） list items that are not headings"],
         note="WPS text boxes (wps:wsp in mc:AlternateContent with a VML fallback) carry the captions; the longest "
              "case (≈1500 Han characters) with 一、/（一）/1．/（1） headings and two '（1）…。' items that are list "
              "items, not headings."),
    dict(file="w21_wps_heading_style_ids.docx", fn=f21, writer="wps", format="docx",
         variants=["2-column table", "labels with colons inside label cells", "label variants (案例题目, 申报单位（盖章）)",
                   "WPS-style docx", "WPS heading style ids (2/3/4)", "case cell placeholder 详见附件",
                   "case text after the form", "图N： caption marker"],
         note="Heading paragraphs use WPS's numeric style ids (w:styleId 2/3/4 named 'heading 1/2/3')."),
    dict(file="w22_legacy_official.doc", fn=f22, writer="libreoffice", format="doc",
         variants=[V_OFFICIAL, "Word 97 .doc", "case text in case cell", "caption below photo", "stamp image"],
         note="Binary Word 97-2003 .doc written by LibreOffice."),
    dict(file="w23_legacy_no_colons.doc", fn=f23, writer="libreoffice", format="doc",
         variants=["labels as paragraphs", "no colons (label, spaces, value)", "spaced labels", "Word 97 .doc",
                   "Heading 1/2 styles without numbers", "caption beside photo (table cell)"],
         note="Labels followed by spaces instead of colons; headings are Heading 1/2 without numbering; captions in "
              "the right cell of a 1x2 table."),
    dict(file="w24_legacy_two_forms.doc", fn=f24, writer="libreoffice", format="doc",
         variants=["two filled forms in one file", "2-column table", "Word 97 .doc", "case text in case cell",
                   "stamp image", "label 联系人 under a 推荐单位 section row"],
         note="Two label|value tables, each with its case in the case cell, its own photos and seal."),
    dict(file="w25_wps_format_placeholder.wps", fn=f25, writer="libreoffice", format="wps",
         variants=[V_OFFICIAL, ".wps (Word 97 binary)", "case cell placeholder 详见附件", "case text after the form",
                   "bold short-line headings", "caption above photo"],
         note="A Word-97 binary document saved under the .wps extension (what WPS Writer's format is compatible "
              "with); no seal image."),
    dict(file="w26_wps_format_four_column.wps", fn=f26, writer="libreoffice", format="wps",
         variants=["4-column table", ".wps (Word 97 binary)", "checkboxes ■/□", "所在街道 cell", "case text in case cell",
                   "caption in next table row", "图N、 caption marker", "headings 一、/（一）/1、"],
         note="Word-97 binary under .wps; 单位类型 ticked with ■."),
    dict(file="w27_rtf_official_softbreaks.rtf", fn=f27, writer="libreoffice", format="rtf",
         variants=[V_OFFICIAL, "RTF", "soft line breaks in case cell", "caption below photo", "stamp image"],
         note="RTF written by LibreOffice; the case cell text uses line breaks inside paragraphs."),
    dict(file="w28_rtf_no_recommend.rtf", fn=f28, writer="libreoffice", format="rtf",
         variants=["labels as paragraphs", "half-width colons", "RTF", "no 推荐单位 part", "Heading 1/2 styles",
                   "photos without caption"],
         note="RTF; only the applicant part of the form; headings are Heading 1/2 with numbered text."),
]


# --------------------------------------------------------------------------- files that must be refused
def r_pdf(dst):
    d = mkdoc("Administrator", (2016, 6, 15, 10, 0))
    P(d, "社会力量参与社区治理优秀案例申报表", bold=True, size=18, align="c")
    t = table(d, 4, 2, widths=[3.2, 12.2])
    for i, (k, v) in enumerate([("案例名称", "“爱心理发室”十年如一日服务社区老人"), ("申报单位", "静安区北站街道巧手志愿服务队"),
                                ("申报日期", "2016年6月15日"), ("案例", "北站街道“爱心理发室”成立于2006年，十年来志愿者"
                                                               "每月两次为社区老人免费理发，累计服务一万余人次。")]):
        cell_text(t.cell(i, 0), k, bold=True, align="c")
        cell_text(t.cell(i, 1), v)
    src = BUILD / "r01_src.docx"
    d.save(src)
    shutil.copy(soffice(src, "pdf", "writer_pdf_Export"), dst)


def r_form_photo(dst, seed, rows):
    draw_form_photo(dst, seed, rows)


def r_empty(dst):
    d = mkdoc("Administrator", (2016, 6, 16, 9, 0))
    src = BUILD / "r04_src.docx"
    d.save(src)
    finalize_docx(src, dst, "word", pages=1)


def r_notice(dst):
    d = mkdoc("shb", (2016, 6, 6, 14, 0))
    P(d, "关于召开2016年第二季度社区社会组织工作例会的通知", bold=True, size=18, ea="方正小标宋简体", align="c")
    P(d)
    P(d, "各社区社会组织：")
    for t in ["为做好社区社会组织参与社区治理工作，经研究，定于2016年6月22日（星期三）下午2:00召开第二季度社区社会组织"
              "工作例会。现将有关事项通知如下：",
              "一、会议地点：街道社区服务中心三楼会议室。",
              "二、参加人员：各社区社会组织负责人及联络员。",
              "三、会议内容：通报上半年社区社会组织工作情况；布置下半年公益服务项目申报工作；交流社会力量参与社区治理的经验做法。",
              "四、请各单位于6月20日前将参会人员名单报街道社区服务办公室，联系人：毛老师，电话：62550318。"]:
        P(d, t, indent=24)
    P(d)
    P(d, "静安区某街道社区服务办公室", align="r")
    P(d, "2016年6月6日", align="r")
    src = BUILD / "r05_src.docx"
    d.save(src)
    finalize_docx(src, dst, "word", pages=1)


FORM_ROWS_A = [("案例名称", "小区“微治理”让停车更有序", 90), ("申报单位", "静安区大宁路街道某居民区自治小组", 90),
               ("申报日期", "2016年6月16日", 90), ("联系人", "顾某 13900000000", 90),
               ("案例", "小区停车难一直是居民反映最多的问题。2016年初，居民区自治小组牵头，召开了三次居民议事会，"
                      "商定了车位划线、错时停车、临时停车收费等办法……（手写稿，共三页）", 760),
               ("推荐单位意见", "同意推荐。（盖章）", 200)]
FORM_ROWS_B = [("案例名称", "银发编织队的十年", 90), ("申报单位", "静安区石门二路街道巧手编织社", 90),
               ("申报日期", "2016年6月14日", 90), ("联系人", "黄某", 90),
               ("案例", "编织队成立于2006年，最初只有五位退休阿姨，现在已经有六十多名队员。每年冬天，她们为社区"
                      "独居老人编织围巾、帽子，还到福利院义卖……", 760), ("推荐单位意见", "", 200)]

REFUSE = [
    dict(file="r01_pdf_renamed.docx", writer="libreoffice", format="pdf", mentions=["PDF"],
         make=lambda p: r_pdf(p), variants=["PDF renamed .docx"],
         note="A PDF export of a filled form, renamed to .docx."),
    dict(file="r02_form_photo_renamed.docx", writer="other", format="jpg", mentions=["图片"],
         make=lambda p: r_form_photo(p, 71, FORM_ROWS_A), variants=["JPEG photo renamed .docx"],
         note="A phone photo (JPEG) of a printed, filled form, renamed to .docx; writer 'other' = a camera."),
    dict(file="r03_form_photo.jpg", writer="other", format="jpg", mentions=["图片"],
         make=lambda p: r_form_photo(p, 93, FORM_ROWS_B), variants=["JPEG photo sent as .jpg"],
         note="A phone photo of a filled form sent as .jpg instead of a Word file; writer 'other' = a camera."),
    dict(file="r04_empty.docx", writer="word", format="docx", mentions=["空"],
         make=lambda p: r_empty(p), variants=["empty document"],
         note="A valid .docx with no text, table or image."),
    dict(file="r05_meeting_notice.docx", writer="word", format="docx", mentions=["申报表"],
         make=lambda p: r_notice(p), variants=["not a form (meeting notice)"],
         note="A real Word document, but only a meeting notice: no 申报表 fields and no case."),
]


# --------------------------------------------------------------------------- build + labels
NOTE = (
    "Evaluation set of Word application forms for the 2016 Jing'an 社会力量参与社区治理优秀案例 call (附件1 申报表), "
    "written independently of the importer. Conventions: (1) every field key is present in every case; a value is "
    "given exactly as written in the file (leading/trailing spaces trimmed; dates kept in the file's own format); "
    "\"\" = the form has the field but it was left blank; null = the file does not have that field at all. "
    "推荐单位 is the recommending organisation's name; where the form only has it on the 盖章 line it is the name "
    "written there. 单位类型/参与主体 given as check boxes are the ticked option's text. (2) title is the case title "
    "as the case text gives it (or 案例名称 when the text has none). (3) headings: every heading of the case text in "
    "order as [text as written, level]; levels: 一、=1, （一）=2, 1./1、/1．=3, （1）=4, Word Heading 1/2/3 (also WPS "
    "style ids 2/3/4) = 1/2/3, bold short un-numbered lines = 1. Texts are compared after trimming whitespace "
    "incl. U+3000. not_headings: lines that look like headings but must stay body paragraphs. (4) photos: the case's "
    "photos in document order, not stamps/logos/banners/signatures (those are other_images). caption = the visible "
    "caption text WITHOUT a leading figure marker such as '图1 ', '图1：', '图1．', '图1、', '图 1 ' (Caption style "
    "+ SEQ field), '图：' or '照片1：'; null when the photo has no caption. (5) first_sentence / last_sentence: the "
    "first sentence of the first body paragraph and the last sentence of the last body paragraph (headings, title, "
    "byline and captions excluded; a sentence ends at 。！？ plus any closing quote). case_text_han_chars: Han "
    "characters (U+3400-4DBF, U+4E00-9FFF) of the case body = headings as written (numbering included) + paragraphs, "
    "not title, byline, captions. (6) writer: word = python-docx output (what Word writes); libreoffice = saved "
    "by soffice; wps = python-docx output post-processed with WPS markup; other = not a word processor. .doc/.wps/"
    ".rtf were written by LibreOffice from a .docx; a .wps is a Word-97 binary .doc under the .wps name. "
    "(7) refuse files: refusal_mentions lists words a good Chinese refusal message should contain. "
    "All case texts, organisations, people, phone numbers and e-mail addresses are invented.")


def case_label(inst):
    paras = [b[1] for b in inst.blocks if b[0] in ("P", "N")]
    return {
        "fields": {k: inst.f[k] for k in KEYS},
        "title": inst.r_title or inst.f["案例名称"],
        "headings": inst.r_headings,
        "not_headings": inst.r_not,
        "photos": inst.r_photos,
        "other_images": [{"kind": o["kind"]} for o in inst.other],
        "first_sentence": sentences(paras[0])[0].strip(),
        "last_sentence": sentences(paras[-1])[-1].strip(),
        "case_text_han_chars": sum(len(HAN.findall(t)) for t in inst.r_body),
    }


def fixed_zip_times(path):
    """Same entries, same order, but fixed entry dates, so a re-run gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items:
            zi = zipfile.ZipInfo(n, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


def end_with_paragraph(doc):
    """Word always keeps a paragraph after a table that ends the document; python-docx does not."""
    body = doc.element.body
    last = [el for el in body if el.tag != qn("w:sectPr")][-1]
    if last.tag == qn("w:tbl"):
        doc.add_paragraph()


def strip_rtf_fallback_pictures(path):
    """Drop the {\\nonshppict ...} groups (uncompressed WMF copies of every picture kept for old readers);
    the real pictures stay in {\\*\\shppict ...}.  Keeps the RTFs small."""
    s = path.read_bytes()
    out = bytearray()
    i = 0
    key = b"{\\nonshppict"
    while True:
        j = s.find(key, i)
        if j < 0:
            out += s[i:]
            break
        out += s[i:j]
        depth, k = 0, j
        while True:
            c = s[k]
            if c == 0x5C:  # backslash escapes the next byte
                k += 2
                continue
            if c == 0x7B:
                depth += 1
            elif c == 0x7D:
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1
    path.write_bytes(bytes(out))


def build_all():
    for p in HERE.iterdir():
        if re.match(r"[wr]\d\d_", p.name):
            p.unlink()
    files = []
    for spec in SPECS:
        _IDS[0] = 5000
        doc, insts = spec["fn"]()
        end_with_paragraph(doc)
        src = BUILD / ("src_" + Path(spec["file"]).stem + ".docx")
        doc.save(src)
        dst = HERE / spec["file"]
        if spec["writer"] in ("word", "wps") and spec["format"] == "docx":
            finalize_docx(src, dst, spec["writer"], pages=3, wps_styles=spec["fn"] is f21)
        else:
            fin = BUILD / ("fin_" + src.name)
            finalize_docx(src, fin, "word", pages=3)
            fin2 = BUILD / (Path(spec["file"]).stem + ".docx")
            shutil.copy(fin, fin2)
            if spec["format"] == "docx":
                if spec.get("via") == "odt":
                    out = soffice(soffice(fin2, "odt"), "docx", "MS Word 2007 XML")
                else:
                    out = soffice(fin2, "docx", "MS Word 2007 XML")
                fixed_zip_times(out)
            elif spec["format"] in ("doc", "wps"):
                out = soffice(fin2, "doc", "MS Word 97")
            elif spec["format"] == "rtf":
                out = soffice(fin2, "rtf", "Rich Text Format")
                strip_rtf_fallback_pictures(out)
            shutil.copy(out, dst)
        files.append({"file": spec["file"], "writer": spec["writer"], "format": spec["format"],
                      "variants": spec["variants"], "expect": "import", "refusal_mentions": [],
                      "cases": [case_label(i) for i in insts], "note": spec["note"]})
        print("built", spec["file"], file=sys.stderr)
    for spec in REFUSE:
        dst = HERE / spec["file"]
        spec["make"](dst)
        files.append({"file": spec["file"], "writer": spec["writer"], "format": spec["format"],
                      "variants": spec["variants"], "expect": "refuse", "refusal_mentions": spec["mentions"],
                      "cases": [], "note": spec["note"]})
        print("built", spec["file"], file=sys.stderr)
    labels = {"note": NOTE, "files": files}
    (HERE / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return labels


# --------------------------------------------------------------------------- read back + check
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SYM_CHARS = {"F052": "☑", "F0A3": "□", "F053": "☒", "F050": "√", "F0FE": "☑", "F0A8": "□"}


def _w(t):
    return "{%s}%s" % (W_NS, t)


def _ptext(p):
    out = []

    def walk(el):
        for ch in el:
            tag = ch.tag
            if tag in (_w("txbxContent"), _w("p"), MC_FALLBACK):
                continue
            if tag == _w("t"):
                out.append(ch.text or "")
            elif tag == _w("tab"):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                if ch.get(_w("type")) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == _w("sym"):
                out.append(SYM_CHARS.get((ch.get(_w("char")) or "").upper(), "?"))
            else:
                walk(ch)

    walk(p)
    return "".join(out)


def _bold(p, styles_bold):
    runs = [r for r in p.iter(_w("r")) if "".join(t.text or "" for t in r.findall(_w("t"))).strip()]
    if not runs:
        return False
    for r in runs:
        b = r.find(_w("rPr") + "/" + _w("b"))
        if b is None:
            if not styles_bold:
                return False
        elif b.get(_w("val")) in ("0", "false"):
            return False
    return True


def read_docx(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    styles = {}
    bold_styles = set()
    if "word/styles.xml" in names:
        sroot = etree.fromstring(z.read("word/styles.xml"))
        for s in sroot.iter(_w("style")):
            n = s.find(_w("name"))
            sid = s.get(_w("styleId"))
            styles[sid] = n.get(_w("val")) if n is not None else sid
            if s.find(_w("rPr") + "/" + _w("b")) is not None:
                bold_styles.add(sid)
    root = etree.fromstring(z.read("word/document.xml"))
    paras = []
    for p in root.iter(_w("p")):
        ps = p.find(_w("pPr") + "/" + _w("pStyle"))
        sid = ps.get(_w("val")) if ps is not None else None
        paras.append({"text": _ptext(p), "style": styles.get(sid, sid) or "", "bold": _bold(p, sid in bold_styles)})
    txbx = []
    for tb in root.iter(_w("txbxContent")):
        fb = any(a.tag == MC_FALLBACK for a in tb.iterancestors())
        txbx.append((_squash("".join(_ptext(p) for p in tb.iter(_w("p")))), fb))
    extra = {"txbx": txbx,
             "anchors": len([a for a in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                  "wordprocessingDrawing}anchor")
                             if not any(x.tag == MC_FALLBACK for x in a.iterancestors())]),
             "syms": len(list(root.iter(_w("sym"))))}
    n_img = 0
    for n in names:
        if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n):
            r = etree.fromstring(z.read(n))
            for el in list(r.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")) + \
                    list(r.iter("{urn:schemas-microsoft-com:vml}imagedata")):
                if not any(a.tag == MC_FALLBACK for a in el.iterancestors()):
                    n_img += 1
    return paras, n_img, extra


def docx_text(d):
    out = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                out.append(block.text)

    walk(d)
    for sec in d.sections:
        out.extend(p.text for p in sec.header.paragraphs)
    return "\n".join(out)


def _norm(s):
    return s.strip(" \t\u3000\xa0")


def _squash(s):
    return re.sub(r"[\s\u3000\xa0]+", "", s)


def check_file(entry, tmp, exp):
    path = HERE / entry["file"]
    data = path.read_bytes()
    errs = []
    if entry["expect"] == "refuse":
        fmt = entry["format"]
        if fmt == "pdf" and not data.startswith(b"%PDF"):
            errs.append("not a PDF")
        if fmt == "jpg" and not data.startswith(b"\xff\xd8"):
            errs.append("not a JPEG")
        if fmt == "docx":
            paras, n_img, _ = read_docx(path)
            text = "".join(p["text"] for p in paras)
            if "empty" in entry["file"] and (text.strip() or n_img):
                errs.append("empty doc has content")
            if "notice" in entry["file"] and ("申报单位" in text or "案例名称" in text):
                errs.append("notice looks like a form")
        return errs
    if entry["format"] == "docx":
        if data[:2] != b"PK":
            errs.append("not a zip")
        rb = path
    else:
        if entry["format"] in ("doc", "wps") and data[:8] != bytes.fromhex("d0cf11e0a1b11ae1"):
            errs.append("not an OLE2 file")
        if entry["format"] == "rtf" and not data.startswith(b"{\\rtf"):
            errs.append("not RTF")
        src = tmp / (path.stem + (".doc" if entry["format"] == "wps" else path.suffix))
        shutil.copy(path, src)
        rb = soffice(src, "docx", "MS Word 2007 XML")
    paras, n_img, extra = read_docx(rb)
    # second reader: python-docx must open the file (or its soffice conversion) and see every field value
    pd_text = _squash(docx_text(Document(str(rb))))
    for c in entry["cases"]:
        for k, v in c["fields"].items():
            if v and _squash(v) not in pd_text:
                errs.append("python-docx does not see %s=%r" % (k, v))
    if entry["writer"] == "wps":
        z = zipfile.ZipFile(path)
        if "KSOProductBuildVer" not in z.read("docProps/custom.xml").decode():
            errs.append("no KSOProductBuildVer")
        if b'w:hint="eastAsia"' not in z.read("word/document.xml"):
            errs.append("no eastAsia hints")
    if entry["writer"] == "libreoffice" and entry["format"] == "docx":
        if b"LibreOffice" not in zipfile.ZipFile(path).read("docProps/app.xml"):
            errs.append("app.xml does not name LibreOffice")
    lines = []  # (line, para)
    for p in paras:
        for ln in p["text"].split("\n"):
            lines.append((_norm(ln), p))
    full = _squash("".join(p["text"] for p in paras))
    want_imgs = sum(len(c["photos"]) + len(c["other_images"]) for c in entry["cases"])
    if n_img != want_imgs:
        errs.append("images: file has %d, labels say %d" % (n_img, want_imgs))
    cursor = 0
    for ci, c in enumerate(entry["cases"]):
        tag = "case %d: " % (ci + 1)
        for k, v in c["fields"].items():
            if v and _squash(v) not in full:
                errs.append(tag + "field %s=%r not found" % (k, v))
            if v and k in ("单位类型", "参与主体"):
                opts = TYPES if k == "单位类型" else SUBJECTS
                if len([o for o in opts if o in full]) > 1 and not any(m + _squash(v) in full for m in "☑■√"):
                    errs.append(tag + "%s not ticked" % k)
        if not any(ln == _norm(c["title"]) for ln, _ in lines):
            errs.append(tag + "title line not found")
        for text, level in c["headings"]:
            hit = None
            for j in range(cursor, len(lines)):
                if lines[j][0] == _norm(text):
                    hit = j
                    break
            if hit is None:
                errs.append(tag + "heading %r not found in order" % text)
                continue
            cursor = hit + 1
            para = lines[hit][1]
            st = para["style"].lower()
            styled = re.match(r"(heading|标题)\s*\d", st)
            if styled and int(re.findall(r"\d", st)[0]) != level:
                errs.append(tag + "heading %r has style %s, label level %d" % (text, para["style"], level))
            hm = exp[ci]["hmode"]
            if hm == "style" and not styled:
                errs.append(tag + "heading %r lost its heading style (%r)" % (text, para["style"]))
            if hm != "style" and styled:
                errs.append(tag + "heading %r unexpectedly styled %r" % (text, para["style"]))
            if hm == "bold" and not exp[ci]["br"] and not para["bold"]:
                errs.append(tag + "bold heading %r is not bold" % text)
            if exp[ci]["br"] and "\n" not in para["text"]:
                errs.append(tag + "heading %r is not a line of a soft-broken paragraph" % text)
        for text in c["not_headings"]:
            m = [p for ln, p in lines if ln == _norm(text)]
            if not m:
                errs.append(tag + "not_heading %r missing" % text)
            elif any(re.match(r"(heading|标题)", p["style"].lower()) or p["bold"] for p in m):
                errs.append(tag + "not_heading %r is styled or bold like a heading" % text)
        for ph, mode in zip(c["photos"], exp[ci]["caps"]):
            if ph["caption"] and not any(ln.endswith(_norm(ph["caption"])) for ln, _ in lines):
                errs.append(tag + "caption %r not found" % ph["caption"])
            if ph["caption"] and mode.startswith("textbox") and entry["format"] == "docx":
                where = {fb for t, fb in extra["txbx"] if t.endswith(_squash(ph["caption"]))}
                if where != {True, False}:
                    errs.append(tag + "caption %r not in both text-box Choice and Fallback" % ph["caption"])
            if ph["caption"] and mode == "caption_style":
                if not any(ln.endswith(_norm(ph["caption"])) and "caption" in p["style"].lower() for ln, p in lines):
                    errs.append(tag + "caption %r has no caption style" % ph["caption"])
        if len(c["photos"]) != len(exp[ci]["caps"]):
            errs.append(tag + "photo count differs from the case text")
        for key in ("first_sentence", "last_sentence"):
            if _squash(c[key]) not in full:
                errs.append(tag + key + " not found")
    if entry["format"] == "docx":
        want_anchor = sum(e["anchors"] for e in exp)
        if extra["anchors"] - sum(1 for e in exp for m in e["caps"] if m.startswith("textbox")) != want_anchor:
            errs.append("floating pictures: %d, expected %d" % (extra["anchors"], want_anchor))
        if any(e["sym"] for e in exp) and not extra["syms"]:
            errs.append("no w:sym check boxes")
    return errs


def expectations():
    """How each case was rendered (rebuilt from SPECS; used only by the checks, not part of labels)."""
    out = {}
    for spec in SPECS:
        _IDS[0] = 5000
        doc, insts = spec["fn"]()
        xml = doc.element.xml
        out[spec["file"]] = [{"hmode": i.fo["hmode"], "br": bool(i.r_br),
                              "caps": [i.cap_mode(k) for k in range(len(i.r_photos))],
                              "anchors": sum(1 for k in range(len(i.r_photos)) if i.cap_mode(k).startswith("anchor"))
                              + sum(1 for o in i.other if o.get("floating")),
                              "sym": "w:sym" in xml} for i in insts]
    return out


def verify(labels):
    tmp = Path(tempfile.mkdtemp(prefix="wordeval-verify-"))
    bad = 0
    exps = expectations()
    for entry in labels["files"]:
        errs = check_file(entry, tmp, exps.get(entry["file"]))
        print(("ok   " if not errs else "FAIL ") + entry["file"])
        for e in errs:
            print("     " + e)
        bad += bool(errs)
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.is_file())
    print("%d files, %d failing, folder %.2f MB" % (len(labels["files"]), bad, total / 1e6))
    return bad == 0


def main():
    if "--verify" in sys.argv:
        labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    else:
        labels = build_all()
    ok = verify(labels)
    shutil.rmtree(BUILD, ignore_errors=True)
    sys.exit(0 if ok else 1)


# --------------------------------------------------------------------------- case texts (invented)
# T title, B byline, H<n> heading of level n, P paragraph, N paragraph that looks like a heading but is not,
# F photo-kind|caption
CASES_SRC = r'''
@@ c01
T 从“各说各话”到“坐下商量”——老公房加装电梯的协商之路
B ——静安区彭浦新村街道睦邻家园服务社
H1 一、案例背景
P 彭浦新村街道某小区建于上世纪八十年代，共有多层住宅四十二幢，六十岁以上老人占常住人口的三成以上。住在五楼、六楼的老人，下一次楼就像“出一趟远门”，不少人一个月难得下楼一次。2015年，本市出台既有多层住宅加装电梯的试点意见后，小区居民的呼声越来越高，但一落到具体门洞，问题就来了：低层住户担心采光、噪音和房价，高层住户嫌出资比例不公平，谁也说服不了谁。
F building|小区首部加装电梯井道施工现场
H1 二、主要做法
H2 （一）摸清底数，把顾虑“晒”出来
P 服务社社工和居委会干部一起，对小区十二个有意向的门洞逐户上门，发放意见征询表三百余份。社工发现，反对意见中真正“坚决不同意”的不到一成，多数居民只是“有顾虑”。他们把顾虑归成采光、噪音、出资、后期维护四类，做成一张表贴在楼道口，让大家看到问题其实可以一个一个解决。
H2 （二）搭建楼道议事会，让居民自己商量
P 社工以门洞为单位召开楼道议事会，请楼组长主持，社工只负责记录和“控场”。第一次议事会上，二楼的王阿姨说：“我家本来就暗，再挡一块，白天都要开灯。”六楼的李老伯当场就急了。社工没有急着劝，而是请设计单位把井道的位置、尺寸画在图纸上，又带大家到已经加装成功的兄弟小区实地看了一次。回来后，王阿姨主动提出：“井道往东挪半米，我家窗户就不挡了。”
F meeting|楼道议事会上居民对照图纸讨论井道位置
H2 （三）引入专业力量，算清一笔明白账
P 出资分摊是最难谈的。服务社请来志愿律师和造价师，按楼层高低设计了三套分摊方案，由居民投票选择。最终确定一楼不出资、二楼象征性出资、三楼以上按楼层递增的办法，并约定今后电梯维修费用按同样比例分摊，写进了楼道公约。律师还帮大家逐条解释了施工合同，避免日后扯皮。
P 施工期间，议事会并没有“散伙”，而是转成了“施工监督小组”。小组每天轮流到现场看一看，发现脚手架占用了楼道口、施工噪音影响老人午休等问题，就及时和施工方沟通，施工方也调整了作业时间。居民们说，这部电梯是大家一起“盯”出来的。
H1 三、取得成效
P 经过近八个月的协商，小区第一部加装电梯于2016年4月开工，五楼的张老伯第一个在同意书上签了字。目前，另有三个门洞已经完成意见征询，进入设计阶段。更重要的是，居民在一次次议事中学会了“有事好商量”，楼道里吵架的少了，打招呼的多了。
F building|电梯投入使用后老人不再为上下楼发愁
H1 四、几点体会
P 加装电梯看似是工程问题，实质是邻里关系问题。社会组织的优势在于中立：不替任何一方说话，只帮大家把话说清楚、把账算明白。协商要有耐心，一次谈不拢就谈两次，两次谈不拢就换个方式谈。只要让每一户的顾虑都被听见，共识就会慢慢形成。我们也体会到，专业力量要“请进来”，但主角始终是居民自己。

@@ c02
T 一把钥匙开一把锁——社区帮教工作中的“陪伴式”服务
B ——静安区阳光社区青少年事务服务站曹家渡工作站
H1 一、基本情况
P 小刘（化名）今年二十三岁，因盗窃被判处有期徒刑一年六个月，2015年底刑满释放回到曹家渡街道。出狱后，他整天闷在家里，母亲说一句他顶三句，找工作也屡屡碰壁。社区民警在走访中发现了这一情况，转介给我们工作站。接案时，社工面对的是一个对社会充满戒备、对自己缺乏信心的年轻人。
H1 二、工作过程
H2 （一）建立信任关系
H3 1.从“门外”到“门内”
P 第一次上门，小刘根本不开门。社工没有放弃，而是每周固定时间去，有时只是隔着门说几句话，有时给他母亲带一点社区的就业信息。第四次上门时，门开了。社工没有谈过去的事，只是和他聊最近的球赛。后来小刘说：“你是第一个不问我为什么坐牢的人。”
H3 2.约定相处的规则
P 关系初步建立后，社工和小刘一起商量了几条约定，写在一张纸上，两人都签了名。
P 在约定之外，社工还和小刘一起制定了一份“三个月小目标”：第一个月每天按时起床，第二个月参加一次社区活动，第三个月找到一份培训或工作。目标写在小刘房间的墙上，每完成一项，就打一个勾。
N 1.每月至少开展一次面对面谈话，了解其思想动态和生活困难。
N 2.小刘遇到困难可以随时打电话，社工在二十四小时内回复。
P 这两条约定看起来简单，却让小刘感觉到自己是被尊重的一方，而不是被管理的对象。
F visit|社工与服务对象定期面谈
H2 （二）链接资源帮助就业
H3 1.评估就业能力
P 社工通过职业兴趣测评发现，小刘动手能力强，对汽车修理很感兴趣。社工联系了区就业促进中心，帮他报名参加了免费的汽修技能培训。
H3 2.对接爱心企业
H4 （1）寻找合适岗位
P 培训结束后，社工通过街道“阳光就业”平台，联系到辖区一家愿意接收刑释人员的汽修企业。企业负责人张经理一开始也有顾虑，社工陪他和小刘见了三次面，详细介绍了小刘的情况和改变。
P 见面时，社工把小刘在培训期间的考勤记录和老师评语带给张经理看，小刘一次课都没有缺过，实操考核还拿了优秀。张经理看完后说：“先来试用三个月，干得好就留下。”社工和企业约定，试用期内由社工定期跟进，企业如发现问题及时与社工沟通，双方共同帮助小刘适应工作。
H4 （2）跟进岗位适应
P 上岗后的前三个月，社工每两周到企业回访一次，既听企业的评价，也听小刘的苦衷。有一次小刘因为被师傅批评想辞职，社工陪他在厂门口坐了一个小时，最后他自己说：“我再试试。”
F outdoor|社工到企业回访
H2 （三）修复家庭关系
P 社工注意到，母子关系紧张是小刘情绪反复的重要原因。社工先后组织了三次家庭会谈，让母亲说出这些年的担心，也让小刘说出自己的委屈。母亲第一次听到儿子说“对不起”，当场哭了。此后，母子俩约定每周一起吃一顿晚饭。
H1 三、服务成效
P 目前，小刘已在企业工作十个月，通过了中级工考核，还被评为当月的“优秀学徒”。他主动报名成为社区的帮教志愿者，和其他刚回归社会的年轻人分享自己的经历。社区民警说，这个孩子像是换了一个人。
P 回顾整个服务过程，社工共上门走访三十余次，开展个别辅导二十次、家庭会谈三次，链接就业、培训、救助等资源五项。在服务结束的评估中，小刘的自我效能感量表得分明显提高，他在反馈表上写道：“以前觉得所有人都看不起我，现在知道还有人愿意拉我一把。”
H1 四、经验与思考
P 帮教工作没有捷径，“一把钥匙开一把锁”。社工要用陪伴代替说教，用资源代替口号，在服务对象最需要的时候出现。同时，帮教不是社工一个人的事，需要民警、企业、家庭和社区形成合力，才能让回归的人真正“落地生根”。

@@ c03
T 一碗热饭里的社区温度——“邻里助餐点”的探索
B ——静安区静安寺街道乐龄生活服务社
P 静安寺街道是老城区，老年人口比例高，独居、纯老家庭多。走访中我们发现，很多老人“做饭难、吃饭难”：有的腿脚不便买不了菜，有的一个人烧一顿饭吃三天，还有的干脆用泡饭、饼干对付。2015年起，我们在街道支持下，利用居委会闲置用房开设了“邻里助餐点”，探索社会组织参与为老助餐服务的新路子。
H1 从“送饭上门”到“请老人下楼”
P 最初，我们只提供送餐上门服务。后来发现，很多老人需要的不只是一顿饭，更是有人说说话。于是我们调整思路，在助餐点设置了二十个座位，鼓励能走动的老人下楼就餐。每天中午，助餐点里热热闹闹，老人们边吃边聊，有的还约好饭后一起去散步。八十二岁的周阿婆说：“一个人吃饭没胃口，大家一起吃，饭都香了。”
F dining|老人在邻里助餐点一起用餐
H1 让老人参与“点菜”
P 众口难调是助餐服务的老问题。我们成立了由十二位老人组成的“膳食监督小组”，每月召开一次座谈会，讨论菜单、口味和价格。根据大家的意见，菜品增加了软烂的炖菜，减少了油盐，还专门为糖尿病老人准备了低糖套餐。监督小组的李老师退休前是营养师，她自告奋勇当起了“义务营养顾问”。
H1 志愿者撑起送餐网络
P 对于行动不便的老人，我们组建了一支由四十多名居民志愿者组成的送餐队伍，按楼组划片包干。志愿者送餐时，顺便看看老人的精神状态，发现异常及时告诉居委会。去年冬天，志愿者小吴送餐时发现独居的陈老伯发烧卧床，第一时间联系了家属和社区医生，避免了意外的发生。
F outdoor|志愿者为行动不便的老人送餐
H1 算好“经济账”，让服务可持续
P 助餐点的运营离不开资金保障。我们采取“政府补一点、企业捐一点、老人付一点”的办法：街道按就餐人次给予补贴，辖区两家企业定期捐助，老人自付部分控制在每餐十元以内。同时，我们与一家有资质的中央厨房合作，统一配送，既保证了食品安全，又降低了成本。
H1 成效与体会
P 一年多来，助餐点累计服务老人三万余人次，日均就餐和送餐人数稳定在一百二十人左右。老人们的满意度调查达到百分之九十六。我们体会到，为老服务要从老人的真实需求出发，让老人不仅是服务的接受者，也成为服务的参与者和监督者。一碗热饭，连着的是社区的温度。
P 当然，助餐服务也面临一些困难，比如场地面积有限、高峰时段排队时间较长、志愿者队伍年龄偏大等。下一步，我们计划与街道社区食堂联动，在更多居委会设置助餐点，并吸引更多年轻人加入送餐志愿者队伍，让更多老人在家门口吃上热乎饭。

@@ c04
T 垃圾分类“绿色账户”进楼道
B ——静安区曹家渡街道绿色家园环保志愿服务社
H1 背景与问题
P 2014年起，本市推行“绿色账户”生活垃圾分类激励机制，曹家渡街道是首批试点街道之一。但试点初期，不少居民对分类“知道但不做”：湿垃圾里混着塑料袋，干垃圾桶里扔着菜叶，垃圾箱房周边脏乱差的情况时有发生。居委会干部坦言，光靠贴标语、发传单，效果有限。
H1 主要做法
H2 培育楼道“分类达人”
P 我们在每个试点小区招募“分类达人”，优先选择热心的退休居民和全职妈妈。经过三次集中培训，达人们不仅掌握了分类知识，还学会了怎样和邻居沟通。达人们在自己所在楼道挨家挨户上门宣传，发放分类垃圾桶和绿色账户卡，一个月内实现了楼道全覆盖。
F bins|分类达人在垃圾箱房旁指导居民分类投放
H2 定时定点值守
P 针对分类投放不规范的问题，我们与居委会、物业协商，在早晚高峰时段安排志愿者在垃圾箱房值守，手把手指导居民破袋投放湿垃圾。值守记录每周汇总，对分类准确率低的楼道，由达人再次上门沟通。
H3 值守中的小插曲
P 刚开始值守时，有居民不理解，觉得“被人盯着扔垃圾”不舒服。志愿者张阿姨没有生气，而是每天笑着打招呼，遇到拎重物的老人就帮忙提一把。时间一长，居民们从“躲着走”变成了“主动问”。
P 值守志愿者中还有几位是小区的保洁员。他们每天和垃圾打交道，最清楚哪里容易出问题。我们请他们参加培训，和居民志愿者结成对子，一起值守、一起宣传，保洁员大姐们说，现在居民分好了再扔，她们二次分拣的活少了一大半，心里也舒坦。
H2 积分兑换激发热情
P 居民正确分类投放后，志愿者为其绿色账户卡积分，积分可以在社区兑换点换取肥皂、洗衣粉等生活用品。我们还每季度评选“分类示范户”，在小区宣传栏公布，让分类做得好的家庭有面子。
P 为了让孩子们也参与进来，我们还与辖区两所小学合作，开展“小手拉大手”活动。孩子们在学校学习分类知识后，回家当起了“家庭分类监督员”，每天提醒爸爸妈妈、爷爷奶奶正确投放。不少家长说，被孩子“管”着，分类做得比以前认真多了。
P 我们还把值守中发现的问题定期反馈给街道和环卫部门。比如有的垃圾箱房湿垃圾桶太少、清运不及时，有的箱房没有洗手设施，居民破袋后手上很脏。这些问题经过协调后陆续得到解决，居民分类的积极性也更高了。
H1 成效与思考
P 经过一年的努力，试点小区湿垃圾分出率从不到一成提高到四成左右，居民参与率超过百分之八十。更可喜的是，一批居民骨干在实践中成长起来，自发组成了小区环保志愿队。我们认为，垃圾分类是一场持久战，关键是把居民变成参与者，让分类成为一种生活习惯。
F meeting|绿色账户积分兑换现场

@@ c05
T 楼道自治“三件事”
B ——静安区江宁路街道和谐邻里促进会
H1 一、从一张“楼道公约”说起
P 江宁路街道某小区是典型的售后公房小区，楼道里堆物多、小广告多、邻里纠纷多。2015年初，一次楼道堆物引发的火情虽然没有造成损失，却让居民们心有余悸。促进会以此为契机，在小区六个楼道试点“楼道自治”，第一件事就是请居民一起制定楼道公约。
P 公约怎么定？我们没有拿现成的模板，而是请每户居民写下“最希望楼道改变的一件事”。收集上来的四十多条意见，经过两次楼道会议讨论，最后浓缩成八条，由楼组长工整地抄写后贴在楼道口，每户都签了名。
F street|居民在楼道公约上签名
H1 二、楼道清理“大行动”
P 公约定下来，第二件事就是清理堆物。有的居民舍不得，旧家具、旧纸箱一放就是好几年。楼组长赵阿姨带头把自家门口的旧柜子搬走，还帮腿脚不便的邻居一起整理。促进会联系物业免费清运，又请志愿者为楼道刷上了浅色墙漆。一个周末下来，六个楼道清出杂物三车多。
P 清理中也遇到过“钉子户”。五楼的孙老伯在楼梯拐角堆了十几年的旧报纸和废纸板，谁劝都不听。楼组长了解到，老伯是想把废品攒多了卖钱贴补家用。促进会联系了一家再生资源回收站，每两周上门收购一次，老伯的废品有了去处，楼梯拐角也清爽了。老伯后来成了楼道里最积极的“卫生监督员”。
P 清理之后，大家商量着在楼道里摆上几盆绿植，由各楼层轮流浇水。楼道亮堂了，邻居见面说话也多了。
P 有的楼道还自发给楼道起了名字，比如“和睦楼”“花香楼”，由楼里会写毛笔字的老人题写楼名。一块小小的楼名牌，让住在里面的人多了一份认同感。
F building|清理后焕然一新的楼道
H1 三、建立“楼道议事角”
P 第三件事是建立长效机制。每个楼道选出一名楼道长，每月召开一次楼道议事会，在楼道口设置“议事角”小黑板，居民有什么想法可以随时写上去。去年夏天，三楼和四楼因为空调滴水闹了矛盾，就是在议事会上，大家一起想办法加装了接水管，矛盾当场化解。
P 议事角运行一年多来，小黑板上写过的事情有几十件：楼道灯坏了、信报箱锁坏了、谁家的自行车挡了路……大多数小事，楼道长在一周内就协调解决了；解决不了的，再提交居委会或物业。居民们说，有了议事角，有事情知道找谁，心里不憋气了。
H1 四、体会
P 楼道是居民最小的公共空间，也是社区自治最好的起点。楼道自治的关键是让居民“自己的事自己商量着办”。社会组织要做的是搭台子、教方法，而不是替居民拿主意。一年来，试点楼道堆物现象基本消除，邻里纠纷明显减少，已有十五个楼道主动申请加入。

@@ c06
T 业委会换届中的“第三方”角色
B ——静安区天目西路街道物业矛盾调处服务中心
H1 一、案例背景
P 天目西路街道某商品房小区共有住户一千二百余户。2015年下半年，小区第二届业委会任期届满，换届工作却迟迟无法启动。原因是小区业主分成了两派：一派认为现任业委会与物业公司关系过密，要求彻底改选；另一派则支持现任业委会连任，担心换届会影响小区维修资金的使用。两派业主在业主群里相互指责，有时甚至在小区广场发生争吵，居委会多次调解未果。街道房管办委托我中心作为第三方，协助指导换届工作。
H1 二、工作过程
H2 （一）深入调研，找准矛盾症结
H3 1、分头听取意见
P 中心工作人员进驻小区后，没有急于召开大会，而是先用三周时间分别约谈了两派业主代表、现任业委会成员、物业公司项目经理以及居委会干部，累计访谈四十余人次。
H3 2、梳理主要分歧
P 通过访谈，我们发现两派业主的分歧主要集中在三个方面：一是上届业委会的财务是否公开透明；二是物业服务合同是否续签；三是换届选举的程序是否公正。其中，财务不透明是引发不信任的根源。
P 在访谈中，我们也注意到一个细节：两派业主对小区的感情都很深，很多人在这里住了十几年，争吵的背后其实是对小区未来的关心。抓住这一点，我们在后续的沟通中始终强调“大家都是为了小区好”，把双方的注意力从“对人”引导到“对事”上来。
H2 （二）公开透明，化解信任危机
H3 1、第三方审计
P 针对财务问题，中心建议由街道房管办牵头，聘请第三方会计师事务所对上届业委会任期内的公共收益和维修资金使用情况进行审计。审计报告在小区公告栏公示十五天，并在业主大会上逐项说明。审计结果显示，账目基本清楚，但存在部分支出凭证不规范的问题，现任业委会当场作了说明和检讨。
H3 2、信息全程公开
P 我们协助换届小组建立了信息公开制度，候选人资格审查结果、选票样式、投票流程、计票办法等全部提前公示，并设置意见箱，接受业主监督。
F meeting|换届工作说明会现场
H2 （三）规范程序，确保选举公正
H3 1、完善选举规则
P 中心依据相关法规，协助换届小组制定了详细的选举规则，明确候选人产生办法、投票方式和计票规则。对于常年在外的业主，提供书面委托投票和上门收取选票的方式，尽可能扩大参与面。
P 规则草案形成后，我们没有直接拿去表决，而是先在小区公示，征求业主意见。公示期间共收到意见建议五十多条，比如增加投票站点、延长投票时间、允许业主现场查看选票统计等。换届小组逐条研究，采纳了其中的大部分建议，并对未采纳的意见作了书面说明。
P 在候选人推荐环节，我们鼓励两派业主都推荐自己信任的人选，并组织候选人与业主见面，介绍自己的履职设想，接受业主提问。候选人见面会开了两场，每场都有一百多名业主参加，现场提问十分踊跃，这在小区历史上还是第一次。
H3 2、现场监督计票
P 投票当天，我们邀请街道、居委会、派出所和业主代表共同监督。计票过程全程录像，每一张选票都当众唱票。最终，小区投票率达到百分之六十八，新一届业委会顺利产生，新当选的七名委员中两派业主均有代表。
F meeting|业主代表现场监督唱票计票
H1 三、取得成效
P 新一届业委会成立后，第一件事就是召开业主恳谈会，公布工作计划和公共收益使用方案。此前“水火不容”的两派业主，现在坐在一张桌子前商量小区事务。物业公司也根据业主意见调整了保洁和绿化服务标准，物业费收缴率由原来的百分之八十三提高到百分之九十五。
P 为了巩固换届成果，中心还为新一届业委会委员开展了为期一个月的履职培训，内容包括业主大会议事规则、公共收益管理、维修资金使用程序、物业服务合同管理等。培训结束后，委员们根据所学内容，修订了小区的业主大会议事规则和业委会工作制度，建立了业委会每月接待日制度和财务季度公开制度。
P 换届结束半年后，我们再次回访小区。原来支持改选的业主代表老柴说：“以前总觉得业委会是‘一伙人’在做事，现在账目公开、有事商量，我们放心了。”原来支持连任的业主代表老桂也说：“换届虽然费了不少周折，但是大家的心气顺了，这比什么都重要。”
F outdoor|新一届业委会召开业主恳谈会
H1 四、经验体会
P 一是第三方要保持中立。我们不偏向任何一方，只对程序和规则负责，这是两派业主都能接受我们的前提。二是信息公开是化解矛盾的“良药”。很多矛盾源于信息不对称，把账摊开来算，把规则提前说清楚，很多猜疑自然就消失了。三是要依法依规。换届工作的每一个环节都有法可依、有章可循，才能经得起业主的检验。

@@ c07
T 守护“最后一公里”——独居老人“邻里守望”行动
B ——静安区石门二路街道邻里守望志愿服务队
H1 一、缘起
P 2015年冬天，石门二路街道一位独居老人在家中摔倒，两天后才被邻居发现。这件事让很多居民感到痛心，也让我们思考：怎样才能让独居老人的“异常”被及时发现？在街道和居委会的支持下，我们发起了“邻里守望”行动，把身边的邻居组织起来，为独居老人织起一张守望网。
H1 二、具体做法
H2 （一）结对守望，一户一档
P 我们对辖区八十岁以上独居老人逐户走访，建立“一户一档”，记录老人的身体状况、子女联系方式、常去的医院等信息。每位老人由一至两名住在附近的邻居结对，守望者每天至少看一眼老人家的窗帘是否拉开、晾衣架上有没有晾衣服、信报箱里的报纸有没有取走。
F visit|守望志愿者上门看望独居老人
H2 （二）“一键通”与“暗号”相结合
P 在街道为独居老人安装“一键通”紧急呼叫设备的基础上，我们还和老人约定了一些“暗号”：比如早上起来在窗台上放一盆花，出门远行前告诉楼组长。住在五楼的钱阿婆笑着说：“这盆花就是我的平安信号，邻居看到就放心了。”
H2 （三）定期活动，走出家门
P 守望不只是“看”，还要“拉”。我们每月组织一次独居老人茶话会，请社区医生讲健康知识，请志愿者教老人使用手机视频和子女聊天。很多原本整天待在家里的老人，慢慢愿意出门参加活动了。
P 对于一些性格内向、不愿意出门的老人，守望者就上门陪着，有时带上自家包的馄饨，有时只是坐下来陪老人看一集电视剧。时间长了，老人们把守望者当成了自家人，有什么心事也愿意和他们说。
F meeting|独居老人茶话会
H1 三、成效
P 一年来，行动共结对独居老人一百八十六名，守望志愿者二百一十人，及时发现并处置老人突发疾病、摔倒等情况十一起。今年三月，守望者孙大姐发现对门的郑老伯家窗帘两天没拉开，敲门无人应答，立即联系居委会和老人子女，破门后发现老人低血糖晕倒在地，送医后转危为安。
P 在实践中，我们也不断完善守望机制。比如，为守望者制作了“守望手册”，列明观察要点和应急联系方式；建立了“守望者微信群”，守望者发现异常可以第一时间在群里报告，居委会干部和社区民警都在群里，能够迅速响应；每季度召开一次守望者交流会，分享经验，表彰优秀守望者。
P 守望者中，年纪最大的七十二岁，最小的是一名在读大学生。大学生小冯每天放学回家都会到隔壁的葛奶奶家坐一会儿，他说：“奶奶的孙子在外地，我就当是替他陪陪奶奶。”
H1 四、体会
P 远亲不如近邻。邻里守望成本低、效率高，关键在于把守望者组织起来、把责任明确下来、把机制固定下来。我们也体会到，守望者在帮助别人的同时，自己也收获了尊重和温暖，这是志愿服务能够持续下去的动力。

@@ c08
T 暑期“爱心小屋”：双职工家庭孩子的好去处
B ——静安区南京西路街道青苗青少年成长服务中心
H1 一、项目缘起
P 每年暑假，双职工家庭的孩子“没人管”都是不少家长的心病。孩子一个人在家，要么整天看电视、玩手机，要么跑到外面玩让人不放心。2015年起，我们与南京西路街道团工委合作，在社区文化活动中心开设暑期“爱心小屋”，为辖区六至十二岁的孩子提供免费看护和活动服务。
P 开办之初，我们通过居委会和学校发放调查问卷三百多份，了解到家长最希望解决的是“中午吃饭”“作业有人看”和“安全有保障”三件事。项目设计就围绕这三件事展开。
F classroom|大学生志愿者辅导孩子完成暑假作业
H1 二、主要做法
P 我们招募了二十多名在校大学生志愿者，经过培训后担任“小屋老师”。每天上午，孩子们在志愿者的辅导下完成暑假作业；下午安排手工、绘画、英语角、安全教育等兴趣课程。小屋还联系了辖区一家餐饮企业，以优惠价格提供营养午餐。
P 为了让孩子们更好地了解社区，我们设计了“小小社区观察员”活动，带孩子们走访居委会、消防站、菜市场，孩子们把看到的、听到的画成画、写成小报。一位家长说：“孩子回家跟我讲消防员叔叔的故事，讲了一个晚上。”
P 小屋的课程也注重培养孩子们的自理能力。午饭后，孩子们轮流值日，擦桌子、扫地、整理图书，年龄大的孩子还要照顾年龄小的孩子。几位家长反映，孩子在家里也开始主动做家务了。
P 安全是第一位的。小屋实行家长签到接送制度，每天下午五点半，家长凭接送卡接孩子。我们还为每个孩子购买了意外伤害保险，并与社区卫生服务中心建立了绿色通道。
P 为了保证志愿者的服务质量，我们在每期小屋开办前，对志愿者进行为期两天的岗前培训，内容包括儿童心理、课堂管理、安全应急、急救常识等。每天活动结束后，志愿者召开简短的总结会，交流当天的情况，记录每个孩子的表现，定期向家长反馈。
P 小屋还特别关注困难家庭的孩子。对于低保家庭、单亲家庭的孩子，我们优先录取，并由社工进行个别跟进。一个父母离异、跟着外婆生活的男孩刚来时很少说话，在志愿者的鼓励下，他在结营汇报演出中第一次上台朗诵，外婆在台下哭了。
F outdoor|孩子们参观社区消防站
H1 三、项目成效
P 两年来，“爱心小屋”共服务孩子四百余名，家长满意度达百分之九十八。不少孩子第二年暑假还没到就问“小屋什么时候开门”。一些曾经参加小屋活动的孩子家长，也主动报名成为志愿者，帮忙照看孩子、准备活动材料。
H1 四、思考
P 暑期托管看似是“小事”，却连着千家万户。社会组织在其中发挥了专业优势，把政府资源、高校志愿者资源和企业资源整合起来，形成了可复制的服务模式。下一步，我们计划把小屋延伸到寒假和放学后时段，让更多家庭受益。
@@ c09
T 人民调解工作室化解“楼上楼下”噪音纠纷
B ——静安区北站街道“老娘舅”调解工作室
H1 一、纠纷缘起
P 北站街道某小区三楼住户吴某一家与四楼住户钱某一家的矛盾由来已久。钱家有两个上小学的孩子，晚上在家跑跳、拍球，楼下吴某的母亲年近八旬，神经衰弱，常常被吵得整夜睡不着。吴某多次上楼交涉，双方从口角升级到推搡，吴某还用木棍敲打天花板“回敬”，钱家则报警称受到骚扰。一年多时间里，派出所接到两家报警十余次，居委会调解了五六次，矛盾却越来越深。
H1 二、调解过程
H2 （一）背靠背倾听，先让情绪降温
P 工作室接手后，调解员老马和小钱没有急于让双方见面，而是分别上门拜访。在吴家，老马耐心听吴某讲述母亲失眠的痛苦，陪老人聊了一个多小时；在钱家，小钱听钱某的妻子诉说孩子被楼下敲天花板吓哭的委屈。两次拜访下来，双方都觉得“终于有人愿意听我说话了”，情绪明显缓和。
F visit|调解员上门听取当事人诉求
H2 （二）实地体验，让双方换位思考
P 老马提出，请双方各派一人到对方家里“体验”一个晚上。钱某坐在吴家客厅里，亲耳听到楼上孩子跑动的声音，半天没说话；吴某则在钱家看到两个孩子挤在一间十来平方米的小房间里写作业，也说不出话来。老马趁势说：“都是住老房子，隔音差，谁家都不容易。”
H2 （三）面对面协商，找到折中办法
P 在双方情绪平稳后，工作室组织了一次面对面调解会，邀请居委会主任和楼组长参加。经过两个多小时的协商，双方达成协议：钱家在客厅和儿童房铺设地垫，晚上九点以后孩子不在家中跑跳；吴家停止敲打天花板，如有噪音先打电话沟通，不再直接上门。工作室还联系了一家公益机构，为钱家免费提供了地垫。
F meeting|双方当事人在调解工作室达成协议
H2 （四）定期回访，巩固调解成果
P 协议签订后，调解员每月回访一次。两个月后再去时，吴家老人说晚上能睡个安稳觉了；钱家孩子见到吴家老人，会主动喊“奶奶好”。春节时，两家还互相送了年货。
P 这起纠纷的成功调解，也让工作室总结出了处理噪音纠纷的“三步法”：先听、再看、后谈。工作室把这起案例整理成调解案例，在街道调解员培训中进行分享，其他居委会的调解员也开始尝试用“换位体验”的方法化解邻里纠纷。
P 事后，居委会根据这起纠纷暴露出的问题，在小区里开展了“邻里和睦公约”讨论活动，把“晚上九点后减少噪音”“有矛盾先沟通”等内容写进公约，从源头上减少类似纠纷的发生。
H1 三、体会
P 邻里纠纷往往起于小事，积于情绪。调解员首先要当好“听众”，让当事人把气出了、把话说完；其次要善于创造条件，让双方换位思考；最后要拿出切实可行的办法，解决实际问题。调解不是“和稀泥”，而是帮助双方找到都能接受的平衡点。

@@ c10
T 时间银行：让志愿服务“存得进、取得出”
B ——静安区临汾路街道为老志愿服务中心
H1 一、项目背景
P 临汾路街道户籍老年人口超过三成，为老服务需求大，而专业服务力量有限。与此同时，社区里有不少身体健康的低龄老人，愿意发挥余热帮助别人。2014年，我们借鉴“时间银行”的理念，探索“低龄老人帮高龄老人、今天服务别人、明天别人服务自己”的互助养老模式。
N “今天我帮人，明天人帮我。”
P 这句朴素的话，成了时间银行最好的宣传语。
H1 二、运作机制
H2 （一）制度设计
H3 1．服务时间储蓄
P 志愿者每提供一小时服务，就在个人“时间账户”中存入一小时。服务内容包括陪聊、代购、陪同就医、简单家务等，由受助老人或其家属确认签字，每月汇总录入系统。
P 为了保证记录的真实性，每次服务结束后，服务站站长会随机电话回访受助老人，核实服务时间和内容。对于服务中出现的问题，比如志愿者迟到、服务不到位等，站长会及时与志愿者沟通，必要时调整结对安排。
H3 2．服务时间兑换
P 志愿者年满七十五岁或因病需要帮助时，可以用储蓄的时间兑换同等时长的服务；储蓄时间也可以转赠给自己的父母或有需要的邻居。
F visit|时间银行志愿者陪伴高龄老人聊天
H2 （二）组织保障
H3 1．分级管理
P 中心在每个居委会设立“时间银行服务站”，由一名站长负责需求登记、志愿者派单和服务记录。中心负责志愿者培训、时间账户管理和服务质量督导。
P 中心还为志愿者购买了意外伤害保险，并为每位志愿者发放了服务证和工作马甲，让志愿者在服务时有身份、有保障。
H3 2．信用背书
P 为了让志愿者放心“存时间”，街道出台了管理办法，承诺时间银行长期运营，即使志愿者搬离本街道，其储蓄时间也可以在全区范围内兑换。
H1 三、服务成效
P 截至2016年5月，时间银行共有注册志愿者四百一十二人，受助老人二百六十余人，累计储蓄服务时间两万三千多小时，已有三十多名志愿者开始兑换服务。六十五岁的志愿者魏阿姨已经储蓄了八百多个小时，她说：“我不急着用，存着心里踏实。”
P 时间银行还带动了社区互助氛围的形成。一些原本不愿意接受外人帮助的老人，因为知道志愿者是在“存时间”，觉得“不欠人情”，也乐意接受服务了。八十八岁的卜老伯说：“他们帮我，我也帮不了他们什么，但是他们说以后老了也有人帮，我就放心了。”一些受助老人的子女也主动加入了志愿者队伍，用自己的服务时间为父母“存钱”。
F meeting|时间银行志愿者培训会
H1 四、思考与展望
P 时间银行的生命力在于信任。制度要公开透明，记录要准确及时，兑换要说到做到。下一步，我们将推进时间银行信息化建设，开发手机记录功能，并探索与专业养老服务机构的衔接，让互助养老的“存折”更有含金量。

@@ c11
T 为精神障碍患者家庭撑起一把伞
B ——静安区芷江西路街道心馨心理健康服务社
H1 一、服务背景
P 芷江西路街道在册精神障碍患者一百余名，其中大部分居家康复。长期以来，患者家庭承受着巨大的照护压力和社会偏见，一些家庭“关起门来过日子”，与社区几乎没有往来。部分患者因为服药不规律，病情反复，偶尔还会与邻居发生冲突，居民对此颇有怨言。如何让患者家庭得到支持，同时让社区更加包容，是我们一直思考的问题。
H1 二、主要做法
H2 （一）建立家属互助小组
P 我们邀请十二户患者家庭组成家属互助小组，每两周活动一次。活动中，心理咨询师带领家属学习照护技巧、情绪调节方法，家属之间也可以互相倾诉、交流经验。一位照顾患病儿子二十多年的母亲说：“在这里，我第一次不用担心别人异样的眼光。”
P 互助小组还组织家属学习精神卫生相关政策，了解患者可以享受的医疗救助、康复补贴等待遇。不少家属过去不知道这些政策，经过小组成员的介绍和社工的帮助，先后有十多户家庭申请到了免费服药和康复补贴，减轻了经济负担。
F meeting|家属互助小组活动
H2 （二）开设康复技能课堂
P 针对居家康复患者，我们在社区阳光心园开设康复技能课堂，内容包括手工制作、烹饪、园艺、电脑基础等。患者在课堂上学会了做蛋糕、编中国结，还在社区义卖活动中卖出了自己的作品。康复师小宋说，能看到他们脸上的笑容，是最大的收获。
H2 （三）开展社区心理健康宣传
P 我们在社区开展心理健康讲座和“走近心馨”开放日活动，邀请居民走进阳光心园，与患者一起做手工、喝咖啡。很多居民第一次近距离接触精神障碍患者，发现他们“和我们没什么两样”。
F outdoor|社区心理健康宣传开放日
H1 三、成效
P 两年来，家属互助小组共开展活动五十余次，参与家属的照护压力量表平均得分明显下降。参加康复课堂的患者规律服药率达到百分之九十以上，病情复发住院的人数较往年减少一半。社区居民对患者的接纳度也明显提高，原来投诉过患者的邻居，现在会主动帮忙照看。
P 患者小邹的故事让我们印象深刻。小邹三十岁，患病后长期闭门不出，与父母关系紧张。参加康复课堂半年后，他学会了做咖啡，在社区开放日上为居民调制咖啡，得到了大家的称赞。后来，在社工的推荐下，他到一家爱心咖啡馆做起了兼职。小邹的母亲说，这是儿子生病以来她最开心的一年。
H1 四、体会
P 精神障碍患者的康复，离不开家庭的支持，也离不开社区的包容。社会组织可以发挥专业优势，一手托住家庭，一手打开社区，让患者和家属不再孤单。我们也深感，这项工作需要长期坚持，需要政府、医院、社区和社会组织的持续合作。

@@ c12
T 代表联络站里议停车——人大代表推动破解小区停车难
B ——静安区大宁路街道人大代表联络站
H1 一、问题的提出
P 大宁路街道某小区建成于2000年，设计停车位仅一百二十个，而小区居民拥有的汽车已超过四百辆。每到晚上，小区道路两侧、消防通道甚至绿化带上都停满了车，救护车、消防车进不来，居民之间因为抢车位吵架的事时有发生。2015年，区人大代表老杨在联络站接待日上，先后接到二十多位居民关于停车难的反映。
N “有事好商量，大家的事大家办。”
P 这是老杨在接待日上说得最多的一句话。
H1 二、推动解决的过程
H2 （一）调查研究，摸清需求
P 老杨联合另外两名区人大代表和一名区政协委员，与居委会、业委会一起对小区停车情况进行了为期一个月的调查。他们晚上十点蹲点数车，白天挨家挨户了解车辆使用情况，发现小区周边五百米范围内有两处商务楼停车场夜间大量空置。
F street|代表们夜间在小区内蹲点统计停车数量
H2 （二）多方协调，错时共享
P 代表们把调查报告递交给街道，并牵头召开协调会，邀请商务楼物业、小区业委会、交警部门共同参加。经过三轮协商，商务楼物业同意在晚上七点到次日早上八点向小区居民开放一百五十个车位，收费标准由原来的每月六百元降为每月二百元。
P 协商并不是一帆风顺的。商务楼物业起初担心居民车辆占位影响白天的租户使用，交警部门也提出了沿途交通组织的问题。代表们一趟趟跑，一次次协调，最终商定由业委会与商务楼物业签订协议，明确车辆进出时间和违约责任，打消了各方的顾虑。
H2 （三）内部挖潜，规范管理
P 与此同时，业委会在代表们的建议下，对小区内部道路进行了重新规划，在不影响消防通道的前提下增加车位四十个，并实行车辆登记和夜间停车管理制度。
P 方案实施后，代表们并没有“撒手不管”。他们定期到小区回访，听取居民对错时停车的意见。有居民反映早上八点前取车时间太紧，代表们又与商务楼物业协商，把取车时间延长到八点半。有居民担心夜间步行到商务楼停车场不安全，物业又在沿途增设了照明和监控。
P 老杨还把小区停车难问题写成了书面建议，在区人大会议上提出，建议加快推进住宅小区周边公共停车资源的错时共享。这份建议得到了相关部门的重视，区里随后出台了鼓励错时停车的指导意见。
F meeting|停车问题多方协调会
H1 三、成效
P 错时停车方案实施以来，小区夜间乱停车现象明显减少，消防通道基本保持畅通，因停车引发的纠纷下降了八成。这一做法还被推广到周边三个小区。居民们说，人大代表不是只在会上发言，而是真正帮我们解决了问题。
H1 四、启示
P 代表联络站是代表联系群众的桥梁。代表要深入群众、倾听民声，更要善于整合资源、协调各方，把群众的“烦心事”变成“暖心事”。停车难问题的解决，体现的正是“两代表一委员”参与社区治理的独特优势。

@@ c13
T 电动自行车“充电难”的破解之道
B ——静安区宝山路街道平安社区志愿者协会
H1 一、隐患摆在眼前
P 宝山路街道老旧小区多，楼道狭窄，居民用电动自行车代步的很多。由于没有集中充电的地方，不少居民把电瓶车推进楼道，甚至从窗口拉出电线“飞线充电”。2015年，全市发生多起电动自行车充电引发的火灾，我们协会的志愿者在巡查中也多次发现楼道充电的隐患。志愿者陈建国说：“每次看到楼道里横七竖八的电瓶车和电线，心里就发慌。”
F street|楼道内违规停放充电的电动自行车
H1 二、摸底与协商
P 协会组织志愿者对街道十二个老旧小区进行了摸底，共统计电动自行车一千三百余辆，其中在楼道内停放充电的约占四成。志愿者把摸底结果和照片整理成报告，提交给街道平安办。街道召集居委会、物业、协会和居民代表召开协商会，决定在有条件的小区建设集中充电车棚。
P 摸底中，志愿者们还发现，不少居民之所以在楼道里充电，一方面是因为没有地方充，另一方面是担心车子和电瓶放在外面被偷。针对这一顾虑，车棚设计中专门增加了监控摄像头和门禁系统，只有登记过的车辆才能进入。
P 选址是最难的一步。车棚建在哪个位置，离谁家近，都有人反对。志愿者刘美华一遍遍上门做工作，带着居民看其他小区的车棚，讲清楚车棚有专人看管、有监控、有灭火器，安全性比放在楼道里高得多。最终，车棚选址方案获得了三分之二以上居民的同意。
H1 三、建设与管理
P 在街道支持下，首批六个集中充电车棚于2016年初建成投用，共设置充电位三百二十个，采用刷卡计时收费，每充一小时收费几角钱，比在家充电还便宜。车棚由协会招募的志愿者和物业保安共同管理，每天巡查两次。
F outdoor|新建成的集中充电车棚
P 我们还在小区开展消防安全宣传，请消防员现场演示电瓶车起火的速度，很多居民看完后主动把车推出了楼道。
P 对于一些暂时不具备建设车棚条件的小区，我们协调物业在小区空地上设置了临时充电桩，并安排志愿者定时巡查，尽可能减少楼道充电的现象。
H1 四、效果与体会
P 车棚建成后，试点小区楼道内电动自行车停放数量减少了九成以上，“飞线充电”现象基本消除。居民王桂英说：“以前提心吊胆，现在安心多了。”我们体会到，消除安全隐患不能只靠“堵”，更要靠“疏”，要从居民的实际需求出发，拿出让大家都能接受的办法。
P 车棚建设也带动了居民自治。在几个试点小区，居民自发成立了车棚管理小组，负责车棚的日常卫生和秩序维护，收取的充电费在扣除电费后，结余部分用于车棚的维修和小区公益活动。居民的参与让车棚管理走上了良性循环。

@@ c14
T 一块荒地变成了“百草园”
B ——静安区共和新路街道绿意社区营造工作室
P 共和新路街道某小区中间有一块三百多平方米的空地，原本是绿化带，后来因为缺乏管理，杂草丛生，有人在里面堆放建筑垃圾，还有人偷偷开荒种菜，夏天蚊虫多，居民意见很大。2015年秋天，我们工作室和居委会一起，发起了“社区花园共建”行动，邀请居民一起把这块荒地变成大家的花园。
P 第一步是听大家的想法。我们在空地旁摆了一块展板，请居民写下“希望这里变成什么样”。老人希望有地方坐坐，孩子们想要一块可以挖土的地方，喜欢种花的阿姨们想要一个花圃。我们把这些想法画成三张设计草图，由居民投票选出了最受欢迎的方案。
P 意见征集的过程并不顺利。有的居民担心花园建成后会招来更多的蚊虫，有的居民觉得“弄了也没人管，过几天又荒了”，还有的居民担心小孩子在里面玩耍太吵。我们把这些担心一条条记下来，在设计中逐一回应：选种驱蚊的植物，设置护栏和分区，约定开放时间。通过三次居民见面会，反对的声音越来越少，愿意出力的人越来越多。
F outdoor|居民一起为社区花园翻土种植
P 第二步是一起动手。清理建筑垃圾那天，来了五十多位居民，有老有少，两天时间就把空地清理干净了。我们请来园艺志愿者教大家翻土、播种、扦插，孩子们在家长的带领下认领了一小块“家庭责任田”。原来在里面开荒种菜的李老伯，成了花园的“园长”，每天早上第一个来浇水。
P 第三步是一起管理。花园建成后，居民们成立了十五人的花园志愿者队伍，制定了浇水、除草的轮值表，还约定每月举办一次花园开放日，开展种子交换、自然观察等活动。
P 花园里的每一样东西几乎都是居民自己动手做的：木工出身的周师傅用旧木料做了几个花箱和长椅，几位阿姨用废旧轮胎做成了彩色的花盆，孩子们在石头上画画，摆在小路两边当装饰。街道和居委会提供了部分苗木和工具，总花费不到一万元。
F meeting|花园开放日上孩子们观察植物
P 现在，这块曾经的荒地成了小区最热闹的地方。小区里的孩子们给它取名叫“百草园”。我们体会到，社区营造的关键是让居民从旁观者变成参与者，居民亲手种下的花草，自己会格外珍惜。一块小小的花园，种下的是邻里之间的信任和情感。
P 花园的变化也带动了整个小区的变化。以前在绿化带里乱扔垃圾的现象少了，居民们自发清理楼前的杂物，还有几个楼道学着花园的样子，在楼道口摆上了花箱。居委会干部说，一个小花园，把小区的人心聚起来了。社区花园也成了孩子们的自然课堂，附近幼儿园的老师经常带着孩子们来认识植物、观察昆虫。

@@ c15
T 社区健康自我管理小组：让慢性病患者“自己管自己”
B ——静安区静安寺街道健康促进志愿者服务社
H1 一、背景
P 静安寺街道老年人口中，患有高血压、糖尿病等慢性病的比例较高。社区卫生服务中心的家庭医生每人要签约服务上千名居民，很难做到对每位患者进行细致的日常指导。不少患者对疾病知识了解不多，有的擅自停药，有的轻信保健品广告，病情控制不理想。
H1 二、做法
H2 （一）组建自我管理小组
P 2015年，我们在社区卫生服务中心的指导下，在五个居委会组建了慢性病自我管理小组，每组十五人左右，由一名经过培训的患者骨干担任组长。组长带领组员每周活动一次，内容包括测血压、交流饮食和运动心得、学习用药知识等。
F meeting|自我管理小组组员互相测量血压
H2 （二）家庭医生定期指导
P 家庭医生每月到小组参加一次活动，为组员答疑解惑，纠正错误的健康观念。有一次，组员冯阿姨说自己买了一种“降糖神药”，家庭医生当场帮她分析了成分，劝她继续按医嘱服药，避免了可能的风险。
P 为了让组员学得进、记得住，家庭医生把健康知识编成了顺口溜，比如“少盐少油多蔬菜，饭后走走不偷懒”。组长们还把每次活动的要点整理成小卡片，发给组员贴在冰箱上。组员们说，这些卡片比医院发的宣传册好懂多了。
H2 （三）同伴激励，形成习惯
P 小组采用“同伴激励”的方法，组员之间结成对子，互相提醒按时服药、按时监测。小组每季度评选“控糖之星”“控压之星”，在社区宣传栏公布。七十岁的韩老伯以前不爱运动，现在每天和组员一起快走半小时，三个月后血压稳定了，体重减了五公斤。
P 小组组长都是患者中的“明白人”。组长佟阿姨患糖尿病十几年，血糖一直控制得很好。她在小组里分享自己的经验，怎样吃、怎样动、怎样测，讲得清清楚楚，组员们都很信服。她说：“我自己得过这个病，知道大家的难处。”
F outdoor|组员结伴参加健步走活动
H1 三、成效
P 一年来，五个小组的组员血压、血糖控制达标率分别提高了二十个百分点和十五个百分点。组员们的健康知识知晓率从不到一半提高到九成以上。更难得的是，组员们从“被动就医”变成了“主动管理”，很多人还成了家里的“健康宣传员”。
P 小组的活动也吸引了越来越多的居民。一些原本不是慢性病患者的中年居民，也来参加小组的健康讲座和健步走活动，预防意识明显增强。社区卫生服务中心的医生说，自我管理小组让家庭医生的工作“事半功倍”，他们计划在全街道推广这一模式。
H1 四、体会
P 慢性病管理贵在坚持，而坚持离不开同伴的支持。社会组织可以发挥组织和动员的优势，与家庭医生形成互补，让专业的医疗服务延伸到居民身边，让居民成为自己健康的第一责任人。

@@ c16
T 社区学校里的“小候鸟”课堂
B ——静安区彭浦镇新市民子女关爱服务中心
H1 一、项目缘起
P 彭浦镇外来常住人口较多，不少外来务工人员的子女随父母在这里生活、上学。这些孩子的父母大多从事餐饮、快递、家政等工作，工作时间长、收入不高，平时很少有时间陪伴孩子。调查发现，这些孩子普遍存在课外生活单调、与本地孩子交往少、对社区缺乏归属感等问题。
H1 二、项目实施
H2 （一）开设周末课堂
H3 1.课业辅导
P 我们在镇社区学校开设“小候鸟”周末课堂，每周六上午由志愿者教师为孩子们辅导功课。志愿者主要来自辖区学校的退休教师和大学生，他们根据孩子的学习情况，分年级、分科目进行辅导。
H3 2.兴趣拓展
P 周六下午安排书法、绘画、围棋、科学实验等兴趣课程。很多孩子是第一次拿起毛笔、第一次下围棋，学得格外认真。
F classroom|志愿者教师为孩子们辅导功课
H2 （二）融入城市生活
H3 1.城市探索
P 我们每月组织一次“城市探索”活动，带孩子们参观博物馆、科技馆、图书馆，走进上海的老街和新区。孩子们在活动中认识了这座城市，也开始把这里当成自己的“第二故乡”。
H3 2.结对交友
P 我们邀请本地家庭的孩子一起参加活动，开展“手拉手”结对。本地孩子小乐和来自安徽的小雨成了好朋友，两家的家长也经常一起带孩子出去玩。
P 我们还组织孩子们参与社区志愿服务，比如到养老院为老人表演节目、在社区参与垃圾分类宣传等。孩子们在服务中感受到了被需要的快乐，也让社区居民看到了这些孩子的可爱和懂事。
H2 （三）支持父母
P 针对父母陪伴少的问题，我们开设了家长课堂，请心理老师讲如何与孩子沟通，并组织亲子活动日。一位做快递工作的父亲说，参加亲子活动那天，是他来上海五年第一次陪儿子玩了一整天。
P 我们还协助家长解决实际困难。有的家长不了解本市的入学政策，社工帮他们整理材料、咨询学校；有的家庭遇到临时困难，社工帮助链接街道的临时救助资源。家长们说，在这里遇到事情，知道可以找谁商量。
F outdoor|亲子活动日上家长和孩子一起做游戏
H1 三、成效
P 项目开展两年来，共服务外来务工人员子女二百三十余名，开展课堂活动九十余次。参与项目的孩子中，学习成绩提高的超过六成，孩子们的自信心和社交能力也有了明显提升。不少家长主动报名成为志愿者，为课堂提供后勤服务。
H1 四、思考
P 新市民子女的成长关系到城市的未来。社会组织在关爱这一群体时，不仅要关注他们的学业，更要关注他们的心理和社会融入。只有让他们感受到被接纳、被尊重，他们才能真正融入这座城市。
@@ c17
T “阳光之家”里的手艺人
B ——静安区天目西路街道阳光之家助残服务社
H1 一、从“关在家里”到“走出家门”
P 天目西路街道阳光之家是为十六至三十五岁智力障碍人士提供日间照料和康复训练的场所。我们服务社接手运营之初，在册学员只有十一人。走访中我们发现，还有不少智障青年整天待在家里，家长怕孩子出门受欺负、惹麻烦，孩子则越来越孤僻。社工小钟花了三个月时间一户一户上门，向家长介绍阳光之家的课程和安全管理，邀请家长带孩子来“试一天”。一年后，学员增加到二十六人。
F classroom|学员在阳光之家学习串珠手工
H1 二、教一门手艺，找一份自信
P 我们发现，很多学员虽然理解能力有限，但做重复性的手工很有耐心。于是我们请来手工艺志愿者，教学员做串珠、编织、布艺和烘焙。学员阿强刚来时连鞋带都系不好，经过一年的练习，他编的中国结整齐漂亮，成了班里的“小老师”。
P 学员们的作品越来越好，我们开始尝试在社区义卖会和商场公益市集上销售。第一次义卖，学员们做的一百多个布艺杯垫半天就卖完了。拿到自己挣的第一笔钱，阿强的妈妈说：“他高兴得一晚上没睡着，说要给我买一条围巾。”
F outdoor|学员作品在公益市集义卖
H1 三、让家长喘口气
P 智障人士的家长长期承受照护压力，很多人身心疲惫。我们每月组织一次家长沙龙，请心理咨询师为家长做团体辅导，也让家长们互相交流照护经验。我们还与辖区一家企业合作，每年组织一次家长休闲日，由志愿者照看学员，让家长们去公园走走、看一场电影。
H1 四、让社区更包容
P 我们邀请社区居民、学校学生走进阳光之家，和学员一起做手工、做点心。一位参加活动的中学生在日记里写道：“他们做事比我认真多了。”居民对智障人士的了解多了，偏见少了，学员在小区里散步时，越来越多的邻居会主动打招呼。
P 为了让学员更好地融入社区，我们还开展了“社区小帮手”活动，由社工带着学员到社区超市、菜场、邮局，学习购物、付款、寄信等生活技能。刚开始，学员们有些紧张，在社工的鼓励下，他们慢慢学会了自己买东西、自己坐公交车。
H1 五、体会
P 助残服务不仅仅是照顾，更是赋能。每一个残疾人都有自己的闪光点，社会组织要做的，是帮他们找到这个闪光点，并为他们搭建展示的舞台。当学员们通过劳动获得认可时，他们收获的不仅是收入，更是尊严。
P 下一步，我们计划与更多的爱心企业合作，为有能力的学员提供辅助性就业岗位，比如在企业食堂帮厨、在超市整理货架等，让他们真正走向社会、自食其力。我们也希望社会各界给予这个群体更多的理解和机会。

@@ c18
T 群租整治中的“说理”与“帮扶”
B ——静安区共和新路街道社区综合治理志愿服务队
P 共和新路街道某小区靠近地铁站，交通便利，成为群租的“重灾区”。一套七十平方米的房子被隔成六七间，住了二十多个人，楼道里堆满了鞋子和杂物，卫生间经常排队，深夜进出的噪音让邻居不堪其扰。更让人担心的是，隔断房里乱拉电线，消防隐患十分突出。居民多次投诉，但整治工作一度陷入“整了又租、租了又整”的循环。
H1 居民自己先动起来
P 2015年，我们志愿服务队在居委会的指导下，发动小区居民成立了“群租监督小组”。小组成员都是热心的退休居民，他们熟悉小区情况，哪家有群租、哪家是“二房东”，一清二楚。监督小组对小区进行了拉网式排查，建立了群租房源台账，定期向街道综合治理部门报告。
F street|监督小组成员在小区内巡查
H1 跟房东讲道理
P 群租的根子在房东。我们没有一上来就“告状”，而是先找房东谈。志愿者老吕找到一位把房子租给中介的房东，给他看了隔断房里的电线和消防隐患照片，又算了一笔账：一旦发生火灾，房东要承担法律责任，赔偿可能远远超过租金收入。房东听后当即表示，合同到期后不再续租给中介。
H1 对租客讲人情
P 群租房里的租客大多是刚参加工作的年轻人，收入不高，也有自己的难处。整治过程中，我们联系了街道就业服务部门和附近的人才公寓，为租客提供合规的租房信息，帮助他们顺利搬离。一位刚毕业的小伙子搬走前专门给志愿者发了条短信：“谢谢你们没有把我们当成坏人。”
P 在沟通中，我们也注意方式方法。有的“二房东”态度强硬，甚至威胁志愿者。我们就请居委会和社区民警一起上门，向其讲明相关法规和可能承担的法律后果。多数“二房东”在了解情况后，选择了主动整改。
F meeting|志愿者与房东面对面沟通
H1 建立长效机制
P 为了防止群租反弹，我们协助业委会修订了管理规约，明确禁止群租的条款，并与物业公司建立了信息共享机制，新出租的房屋要到物业登记。监督小组每月巡查一次，发现苗头及时报告。
P 整治中，我们也注意保护居民的隐私和安全。监督小组成员发现群租线索后，统一通过居委会向有关部门报告，不直接与“二房东”发生冲突。对于个别态度强硬的“二房东”，由街道综合执法力量依法处置，志愿者只做配合工作，避免引发新的矛盾。
H1 成效
P 经过一年多的努力，小区排查出的三十七处群租房全部整治到位，至今没有出现反弹。居民们说，楼道清爽了，晚上也安静了。我们体会到，群租整治既要依法依规，也要讲情讲理，居民的参与是整治成果能够巩固的关键。

@@ c19
T 广场舞“音量之争”的协商化解
B ——静安区大宁路街道社区文体团队联合会
H1 一、矛盾的由来
P 大宁路街道某小区旁有一块公共绿地，每天傍晚，三支广场舞队伍和一支太极拳队伍在这里活动，参与者加起来有一百多人。音响声一支比一支大，附近居民楼里的住户不堪其扰，特别是家里有高考学生和婴儿的家庭，意见很大。有居民往舞蹈队的音响上泼水，双方险些发生冲突，这件事还被发到了网上。
H1 二、协商过程
H2 （一）分别沟通，了解各方诉求
P 联合会接到街道的委托后，先分别找了各支队伍的队长和反映意见的居民代表。舞蹈队的阿姨们觉得委屈：“我们锻炼身体，又没有影响谁。”居民则说：“天天这样吵，谁受得了？”我们发现，双方并不是不讲理，而是缺少一个坐下来好好商量的机会。
H2 （二）搭建协商平台
H3 1．召开协商会
P 我们组织召开了由舞蹈队、太极拳队、居民代表、居委会和物业参加的协商会。会上，一位高三学生的家长讲述了孩子晚上无法复习的苦恼，几位舞蹈队队长当场表示愿意调整。
P 协商会上也有争执。一位舞蹈队长提出，绿地是公共场所，大家都有使用的权利，不能因为个别居民的意见就限制活动。我们请居民代表和舞蹈队长分别算一算：一百多人锻炼身体固然重要，但周边几百户居民的休息同样重要。在大家的讨论中，“共享”和“相互体谅”逐渐成为共识。
H3 2．形成文明公约
P 经过两次协商，各方共同制定了《绿地文体活动文明公约》，主要内容如下。
N 1．活动时间调整为每天18:30至20:00，中考、高考期间暂停使用音响。
N 2．音响音量控制在规定范围内，由联合会提供分贝仪进行测试。
N 3．各支队伍分区域活动，音响朝向远离居民楼的方向。
F meeting|各方代表共同签订文明公约
H2 （三）共同监督落实
P 公约签订后，各支队伍推选一名“音量监督员”，每天活动前用分贝仪测一下音量。联合会还为各支队伍统一更换了定向音响，声音集中在活动区域内，对周边的影响大大减少。
P 为了增进舞蹈队和居民之间的了解，联合会还组织舞蹈队参加社区的公益活动，到养老院慰问演出，在社区文化节上表演节目。原来投诉最多的居民老蔡，看了舞蹈队的演出后说：“原来她们跳得这么好，只要声音小一点，我也愿意来看看。”
F outdoor|舞蹈队使用定向音响开展活动
H1 三、成效与体会
P 公约实施半年来，居民关于广场舞噪音的投诉从每月十多起下降到几乎为零。舞蹈队的阿姨们还主动参加了社区的文艺演出，居民们也渐渐接受了她们。我们体会到，公共空间的使用矛盾，靠“禁”解决不了问题，只有让各方坐下来协商，找到利益的平衡点，才能实现和谐共处。

@@ c20
T 老小区“美丽家园”改造中的居民议事
B ——静安区宝山路街道社区规划师工作坊
H1 一、背景
P 宝山路街道某小区建于上世纪五十年代，是典型的工人新村，房屋老旧，雨污混接、路面积水、绿化破损等问题突出。2016年，该小区被列入“美丽家园”综合改造计划。以往的旧区改造，往往是政府出钱、施工队干活，居民“被改造”，工程结束后居民不满意的情况时有发生。这一次，街道邀请我们工作坊参与，探索让居民全程参与改造的新办法。
H1 二、做法
H2 （一）改造前：问需于民
P 工作坊的社区规划师和志愿者在小区设立了“改造意见收集点”，通过问卷、座谈、入户访谈等方式，收集居民意见六百余条。我们把意见归纳为排水、道路、绿化、停车、休闲设施五大类，按照居民关注度排序，作为设计方案的依据。居民周建平提出，小区里老人多，希望增加休息座椅和扶手，这条建议被写进了方案。
F building|改造前小区路面积水情况
H2 （二）改造中：问计于民
P 设计方案出来后，我们在小区广场举办了三场方案展示会，用效果图和模型向居民讲解。针对居民提出的晾衣难问题，设计师专门增加了公共晾衣架；针对停车难问题，在不减少绿化面积的前提下增加了非机动车停放点。施工期间，居民推选了六名“质量监督员”，每天到工地转一转，发现问题及时反映。
P 展示会上，一些老人看不懂图纸，规划师就带着他们到现场，用粉笔在地上画出新的道路和花坛的位置，边走边讲。居民孙凤英说，这样一看就明白了，哪里放椅子、哪里种树，心里都有数了。
F meeting|居民在方案展示会上提出修改意见
H2 （三）改造后：问效于民
P 工程完工后，我们组织居民对改造效果进行评议，满意度达到百分之九十四。针对少数居民反映的路灯照度不够等问题，及时协调施工单位整改。我们还协助居委会成立了“美丽家园自治管理小组”，负责小区公共设施的日常维护。
P 改造过程中也有一些插曲。有几户居民在自家门前违章搭建了小棚子，改造需要拆除。规划师和居委会干部多次上门沟通，在方案中为他们预留了公共储物空间，居民最终同意自行拆除。居民议事的过程，也是化解矛盾的过程。
H1 三、体会
P 老小区改造，硬件是基础，居民参与是关键。让居民从“旁观者”变成“参与者”，不仅能让改造更贴近需求，也能增强居民对小区的归属感和主人翁意识。改造后的小区，居民自觉爱护公共设施，乱堆乱放的现象明显减少，这正是参与式改造带来的“软变化”。
P 我们也认识到，居民参与需要专业支持。社区规划师在其中扮演了“翻译者”的角色，把专业的设计语言翻译成居民听得懂的话，把居民的需求翻译成设计方案，让专业和民意真正结合起来。

@@ c21
T 重拾生活的勇气——社工介入失独老人个案服务
B ——静安区南京西路街道社会工作服务社
H1 一、个案背景
P 刘阿姨（化名）今年六十三岁，与老伴住在南京西路街道某小区。2014年，他们唯一的儿子因病去世。此后，刘阿姨整日以泪洗面，拒绝与外人接触，连买菜都是老伴去。老伴身体也不好，患有高血压和糖尿病，两位老人的生活陷入困境。居委会干部多次上门，刘阿姨都闭门不见。2015年3月，居委会将个案转介给我们服务社。
H1 二、需求评估
P 社工通过老伴和邻居了解到，刘阿姨主要存在三方面的需求：一是情绪需求，丧子之痛长期无法纾解，有明显的抑郁倾向；二是生活需求，两位老人身体都不好，日常照料和就医存在困难；三是社会支持需求，与亲友、邻里几乎断绝了来往，社会支持网络十分薄弱。
P 社工还运用生态系统理论对刘阿姨的支持网络进行了分析：刘阿姨与老伴关系尚好，但老伴也承受着丧子之痛，两人很少交流；亲戚大多住在外地，联系不多；以前的同事、邻居在事发后曾来看望，但被刘阿姨拒之门外，逐渐不再往来。社工据此确定了“先稳情绪、再解难题、后建网络”的服务思路。
F visit|社工上门探访服务对象
H1 三、服务过程
H2 （一）建立专业关系
H3 1．耐心等待
P 社工小周第一次上门时，刘阿姨没有开门。小周没有强求，而是通过老伴转交了一封信，信中写道：“阿姨，我不会劝您什么，只是想在您愿意的时候，陪您说说话。”此后，小周每周都来，有时在门口和老伴聊几句，有时帮老人带一些药。
H3 2．打开心门
P 一个多月后，刘阿姨终于开了门。小周没有急于谈论她的儿子，而是和她一起翻看老照片，听她讲儿子小时候的事。刘阿姨哭了很久，哭完后说：“好久没有人愿意听我讲他了。”
P 此后，社工的探访从每周一次增加到每周两次。每次探访，社工都会先问一问刘阿姨前一晚睡得怎么样、吃得怎么样，再陪她做一点力所能及的家务。社工注意到，刘阿姨每天都要把儿子房间打扫一遍，却从来不开窗。社工没有去碰这个房间，只是在一次聊天中问她：“要不要让阳光进来？”过了两周，刘阿姨自己把那扇窗打开了。
H2 （二）制定服务计划
H3 1．情绪疏导
H4 （1）个别辅导
P 社工运用哀伤辅导的方法，帮助刘阿姨接纳失去亲人的事实，表达内心的悲伤和愧疚。社工还邀请心理咨询师进行了六次专业辅导。
H4 （2）生命回顾
P 社工与刘阿姨一起制作了一本“纪念册”，把儿子的照片、奖状和她想说的话整理在一起。刘阿姨说，做完纪念册，心里好像放下了一块石头。
H3 2．生活支持
P 社工为两位老人链接了居家养老服务，每周安排助老员上门做家务；联系家庭医生签约，定期上门为老伴测量血压、血糖。社工与刘阿姨约定了日常联系的安排。
N （1）每周电话问候不少于两次，每月上门探访一次。
N （2）老人就医有困难时，由志愿者陪同前往。
H3 3．重建社会支持网络
P 社工邀请刘阿姨参加街道组织的失独家庭互助小组“连心会”。在那里，她认识了几位有着相同经历的阿姨，大家互相倾诉、互相鼓励。后来，刘阿姨还加入了社区的编织小组，每周和姐妹们一起编织，给社区的独居老人织围巾。
P 第一次去连心会，刘阿姨在门口站了很久，最后是社工陪着她走进去的。活动中，一位失独多年的姐妹拉着她的手说：“我刚开始也跟你一样，觉得天塌了，后来慢慢走出来了，你也能行。”这句话让刘阿姨哭了很久，也让她第一次感觉到自己不是一个人。此后，她每次活动都准时参加，还主动帮忙布置场地、招呼新来的姐妹。
P 社工同时关注到老伴的情况。老伴平时话不多，把悲伤都藏在心里，还要照顾刘阿姨的情绪，身体每况愈下。社工为老伴安排了单独的面谈，鼓励他说出自己的感受，并邀请他参加男性照顾者小组。老两口开始在晚饭后一起散步、一起聊儿子的事，彼此成了对方的依靠。
F meeting|刘阿姨参加失独家庭互助小组活动
H1 四、服务成效
P 经过一年的服务，刘阿姨的抑郁量表得分从重度降到了轻度，她开始主动出门买菜、散步，还和老伴一起报名参加了老年大学的书法班。今年春节，刘阿姨亲手写了一副对联送给小周。老伴说：“她又会笑了。”
P 社工在结案前，与刘阿姨一起回顾了一年来的变化，并约定结案后每季度进行一次电话回访。刘阿姨说：“以前觉得日子过不下去了，现在觉得还要好好活，儿子在天上也希望我们好好的。”在连心会的活动中，刘阿姨也开始主动关心新加入的姐妹，把自己的经历讲给她们听。
H1 五、专业反思
P 失独老人的服务是一项长期而细致的工作。社工要尊重服务对象的节奏，不能急于求成；要综合运用个案、小组和社区工作方法，既关注心理需求，也关注生活需求；更要帮助服务对象重建社会支持网络，让他们在社区中重新找到归属。

@@ c22
T “睦邻点”：把邻居重新连起来
B ——静安区临汾路街道睦邻文化促进中心
H1 一、缘起：熟悉的陌生人
P 临汾路街道的居民大多是八九十年代从市区动迁过来的，随着老居民陆续离开、新居民不断入住，“对门不相识”成了常态。一项社区调查显示，超过一半的居民叫不出邻居的名字。我们中心在街道支持下，从2014年起推动建立“睦邻点”，依托居民家庭或楼道空间，把有共同兴趣的邻居组织起来。
H1 二、做法
H2 （一）发现“领头雁”
P 睦邻点的关键是有热心的“点长”。我们通过居委会推荐、活动发现等方式，寻找愿意敞开家门的热心居民。退休教师沈阿姨家客厅宽敞，她主动把家变成了“读书睦邻点”，每周三下午，七八位邻居来她家读报、聊天、交流读书心得。
P 对于新入住的年轻居民，我们则通过亲子活动、周末市集等方式吸引他们参与，一些年轻的妈妈在活动中互相认识，后来自己组建了“宝妈睦邻点”，交流育儿经验、轮流带孩子外出活动。
H3 1．点长培训
P 中心每季度为点长举办一次培训，内容包括活动策划、沟通技巧、矛盾调解等，帮助点长提高组织能力。
H3 2．点长联谊
P 每半年举办一次点长联谊会，点长们交流经验，也互相“取经”。
F meeting|读书睦邻点的居民在点长家中交流
H2 （二）一点一特色
P 各个睦邻点根据成员兴趣形成了自己的特色：有做编织的，有学做点心的，有唱沪剧的，还有教孩子下棋的。中心为睦邻点提供少量活动经费和物资支持，但不干预活动内容，让居民自己做主。
P 为了避免睦邻点活动扰民，中心与点长们共同商定了睦邻点公约，比如活动时间一般不超过晚上八点、活动前告知左邻右舍等。部分在居民家中活动的睦邻点，还会邀请楼上楼下的邻居一起参加，把可能的矛盾变成了交往的机会。
H2 （三）从兴趣到公益
P 睦邻点发展起来后，我们引导成员把兴趣变成公益。编织睦邻点的阿姨们为独居老人织毛衣，点心睦邻点每逢节日为社区困难家庭送点心，沪剧睦邻点到养老院义演。睦邻点成了社区志愿服务的“生力军”。
F stage|沪剧睦邻点到养老院义务演出
H1 三、成效
P 两年多来，街道共建立睦邻点六十三个，参与居民一千余人。睦邻点成员之间互帮互助的故事层出不穷：谁家老人生病了，点里的姐妹轮流去照顾；谁家孩子找工作，大家帮忙打听消息。居民们说，睦邻点让我们找回了“老弄堂”的感觉。
H1 四、体会
P 社区治理的基础是人与人之间的联系。睦邻点以兴趣为纽带，以家庭为空间，门槛低、参与易，是重建邻里关系的有效方式。社会组织要做的是发现和培育居民骨干，提供必要的支持，然后放手让居民自己去做。

@@ c23
T 文明养犬，从“人犬矛盾”到“人犬和谐”
B ——静安区江宁路街道文明养犬志愿者协会
H1 一、问题
P 江宁路街道居民养犬数量逐年增多，随之而来的问题也越来越多：不牵绳遛狗、犬只随地便溺、夜间犬吠扰民，甚至发生过犬只咬伤儿童的事件。养犬人和不养犬人之间的矛盾日益尖锐，居委会每月接到的相关投诉有二三十起。
H1 二、做法
H2 （一）养犬人管养犬人
P 协会的会员都是街道的养犬居民。我们认为，由养犬人去劝导养犬人，更容易被接受。协会组建了“文明养犬劝导队”，每天早晚遛狗高峰时段在小区和绿地巡查，看到不牵绳的，上前友善提醒；看到没清理粪便的，递上一个拾便袋。
F outdoor|劝导队员向遛狗居民发放拾便袋
H2 （二）宣传与服务并重
P 协会联合派出所、宠物医院在社区开展文明养犬宣传日活动，提供免费的犬只登记咨询、狂犬疫苗接种和健康检查。活动中，我们向养犬人发放《文明养犬倡议书》和拾便工具包，讲解养犬管理规定。仅去年一年，协会就协助两百多名养犬人办理了犬只登记。
P 我们还特别关注养犬老人。一些独居老人把狗当作精神寄托，但年纪大了，遛狗、打疫苗都不方便。协会的志愿者为这些老人提供帮遛、陪同接种疫苗等服务，既解决了老人的困难，也减少了不文明养犬行为的发生。
H2 （三）搭建沟通平台
P 针对养犬人和不养犬人之间的矛盾，协会在几个投诉较多的小区召开了“人犬和谐”座谈会，请双方坐下来说出各自的想法。不养犬的居民说出了对犬只的恐惧，养犬人也表示会更加注意。座谈会上，大家共同商定了小区的遛狗时间和区域，并写进了小区公约。
P 座谈会后，部分小区还在业委会的支持下，在绿地一角设置了遛狗区，配备了拾便箱和洗手池，由协会会员轮流负责维护。养犬人有了遛狗的去处，其他居民也不用担心被犬只打扰了。
F meeting|“人犬和谐”座谈会现场
H1 三、成效
P 经过两年的努力，街道犬只登记率明显提高，小区内不牵绳遛狗、犬只随地便溺的现象大幅减少，相关投诉下降了七成。一位曾经多次投诉的居民说：“现在遛狗的人都牵绳了，还带着袋子，我也不那么怕了。”
P 协会会员也从最初的二十多人发展到一百五十多人，不少养犬居民在劝导队员的带动下，从“被劝导者”变成了“劝导者”。
H1 四、体会
P 文明养犬是一个社会问题，不能只靠执法，更要靠养犬人的自律和居民之间的相互理解。养犬人组织起来，既是自我约束，也是参与社区治理的一种方式。我们希望更多的养犬人加入进来，共同营造人犬和谐的社区环境。

@@ c24
T 律师进社区，法律服务零距离
B ——静安区北站街道社区法律服务志愿团
H1 服务缘起
P 北站街道老年人口多、困难群体多，居民在房屋继承、赡养纠纷、劳动争议等方面的法律需求很大。但很多居民不知道去哪里咨询，也担心请律师费用高。2014年起，我们联合辖区五家律师事务所的三十余名律师，组建了社区法律服务志愿团，在街道各居委会设立法律服务点。
H1 主要做法
H2 固定坐班，定期答疑
P 每个居委会法律服务点每月安排律师坐班两次，每次半天，为居民提供免费法律咨询。律师的坐班时间和联系方式在小区公告栏公布，居民可以提前预约。对于行动不便的老人，律师还可以上门服务。
P 为了便于律师了解社区情况，我们为每个法律服务点配备了一名居委会干部作为联络员，负责收集居民的法律需求、安排预约、跟踪咨询后续情况。对于咨询中发现的共性问题，联络员及时汇总，由志愿团安排专题讲座。
F meeting|律师在居委会法律服务点为居民解答咨询
H2 参与调解，化解纠纷
P 律师不仅提供咨询，还参与社区矛盾纠纷调解。去年，某小区一户居民家中三兄妹因为父母留下的一套房子闹上了法庭，律师志愿者在街道调解中心主持调解，从法律角度分析各方权利义务，又从亲情角度做工作，最终三兄妹达成和解，撤回了诉讼。
P 对于经济困难的居民，志愿团还协助他们申请法律援助。一位在饭店打工的外来务工人员被拖欠了半年工资，律师志愿者帮他整理证据、申请劳动仲裁，最终帮他追回了全部欠薪。他专门送来一面锦旗，上面写着“法暖人心”。
H2 普法宣传，提高意识
P 志愿团每季度在社区举办一次法律讲座，内容根据居民需求确定，比如老年人防诈骗、遗嘱订立、物业纠纷处理等。我们还编写了通俗易懂的《居民法律服务手册》，免费发放给居民。
P 讲座之外，我们还开展“法律明白人”培训，在每个居委会培养几名懂法律、热心肠的居民骨干。他们在日常生活中遇到邻里纠纷，能够先用法律知识做一些初步的劝解，必要时再联系律师志愿者。目前，街道已培养“法律明白人”六十余名。
F outdoor|社区法律宣传咨询活动
H1 成效与体会
P 三年来，志愿团累计为居民提供法律咨询三千六百余人次，参与调解各类纠纷一百二十余起，举办法律讲座四十余场。居民们说，家门口就有律师，心里踏实多了。我们体会到，法律服务进社区，不仅帮助居民解决了实际问题，也把矛盾化解在了萌芽状态，促进了社区的和谐稳定。律师们也在服务中更加了解基层、了解群众，实现了职业价值和社会价值的统一。
@@ c25
T 高层住宅里的“微型消防站”
B ——静安区芷江西路街道平安志愿者服务队
H1 一、高层消防的隐忧
P 芷江西路街道有高层住宅五十余幢，其中不少建于上世纪九十年代，消防设施老化，楼道堆物、电动车进楼等问题突出。高层住宅一旦发生火灾，扑救难度大，而消防车从接警到到达现场需要一定时间，“最初五分钟”的自救至关重要。
H1 二、组建志愿消防队
P 2015年，我们服务队在街道和消防部门的支持下，以楼宇为单位组建志愿消防队，队员主要是楼内的退休居民、物业保安和年轻住户。每支队伍八至十人，配备灭火器、消防水带、防烟面罩等基本器材，存放在楼内的“微型消防站”里。
F building|高层住宅楼内的微型消防站
P 消防部门定期对队员进行培训，内容包括灭火器和消火栓的使用、初期火灾扑救、人员疏散引导等。每季度组织一次实战演练，让队员熟悉楼内的消防通道和设施位置。
P 为了让队员们更有归属感，服务队为每位队员配发了统一的服装和队员证，在楼道口张贴志愿消防队员名单和联系电话，居民发现火情或隐患，可以第一时间找到身边的队员。
H1 三、日常巡查与宣传
P 志愿消防队每周对楼道进行一次巡查，检查消防通道是否畅通、消防设施是否完好，发现堆物及时劝导清理，发现设施损坏及时报告物业维修。队员们还挨家挨户发放消防安全提示卡，提醒居民不要在楼道内停放电动车、不要私拉电线。
P 对于不听劝阻的居民，队员们不是一味批评，而是耐心解释。有一位老人习惯在楼道里堆放纸板，队员们反复上门，陪老人一起把纸板卖掉，还帮她在家里找了一个放杂物的地方。老人感动地说：“你们是为我好，我以后不堆了。”
P 我们还针对高层住宅中行动不便的老人，开展了“一人一预案”工作。志愿消防队员对楼内的独居老人、残疾人逐户登记，明确发生火灾时由哪位队员负责协助疏散，并在演练中反复练习，确保关键时刻不落下一个人。
P 去年冬天，某幢高层十二楼一户居民家中厨房起火，志愿消防队员王师傅第一时间赶到，用灭火器扑灭了明火，同时组织队员疏散楼内居民，消防车到达时火已经被控制住，没有造成人员伤亡。
F outdoor|志愿消防队开展消防演练
H1 四、成效与体会
P 目前，街道已在三十二幢高层住宅建立了志愿消防队，队员三百余人。两年来，高层住宅火灾起数明显下降，没有发生亡人火灾事故。我们体会到，消防安全人人有责，把居民组织起来、武装起来，就能在关键时刻发挥作用。志愿消防队不仅是一支应急力量，更是一支宣传力量，让消防安全意识走进了千家万户。

@@ c26
T “老伙伴”结对，低龄老人关爱高龄老人
B ——静安区彭浦新村街道银龄互助服务社
H1 一、项目背景
P “老伙伴”计划是本市为老服务的实事项目，由低龄老年志愿者为高龄独居、纯老家庭老人提供居家探访和精神关爱服务。彭浦新村街道八十岁以上高龄老人有四千余名，其中独居和纯老家庭老人占相当比例。我们服务社承接街道“老伙伴”计划以来，积极探索让结对服务更有温度、更可持续。
H1 二、主要做法
H2 （一）精心招募，科学匹配
P 我们从社区低龄老人中招募志愿者，要求身体健康、热心公益、住在服务对象附近。每名志愿者结对五名高龄老人。结对时，我们尽量考虑双方的性格、兴趣和生活习惯，比如爱聊天的配爱聊天的，懂医护的配身体差的，让结对双方更容易相处。
F visit|“老伙伴”志愿者上门探访高龄老人
H2 （二）规范服务，全程跟踪
P 志愿者每周至少上门探访一次，电话问候两次，内容包括聊天谈心、安全检查、健康提醒、代办小事等。每次服务后，志愿者填写服务记录，服务社每月汇总分析，对老人的异常情况及时跟进。
H2 （三）培训赋能，关爱志愿者
P 我们定期为志愿者举办培训，内容包括与老人沟通的技巧、常见疾病的识别、应急处置方法等。同时，我们也关心志愿者自身的需求，每逢节日为志愿者送上慰问，每年组织一次健康体检和外出交流活动。
F meeting|“老伙伴”志愿者培训交流会
H1 三、服务故事
P 志愿者老孟结对的九十岁的严老伯，子女都在国外，平时一个人住。老孟每周上门两次，陪老伯下棋、聊天，帮他整理药盒。有一次，老孟发现老伯说话含糊、嘴角歪斜，立即拨打了急救电话，医生说幸亏送医及时，老伯的脑梗没有留下严重的后遗症。老伯的女儿专门从国外打来电话，感谢老孟救了父亲一命。
P 志愿者邹阿姨结对的五位老人中，有一位患有轻度认知障碍的老太太，经常忘记关煤气。邹阿姨和老人的女儿商量，帮老人家里安装了燃气报警器，又在厨房门口贴上了醒目的提示。每次上门，邹阿姨都会先到厨房看一看。老人的女儿说：“有邹阿姨在，我在单位上班也安心了。”
H1 四、成效
P 目前，服务社共有“老伙伴”志愿者三百二十名，结对服务高龄老人一千六百名。服务对象满意度达到百分之九十七。很多结对双方成了好朋友，志愿者们说：“帮助别人，也让自己的晚年生活更充实。”
P 我们体会到，“老伙伴”计划的意义不仅在于为高龄老人提供服务，更在于激活了低龄老人的社会参与。低龄老人在帮助别人的过程中，找到了新的价值和朋友圈，实现了“老有所为”。这种互助模式成本低、可持续，值得在更大范围推广。

@@ c27
T 禁毒社工：做戒毒康复人员回归路上的“摆渡人”
B ——静安区自强社会服务总社宝山路工作站
P 宝山路工作站现有禁毒社工六名，负责街道在册社区戒毒、社区康复人员和吸毒人员的日常服务管理工作。多年来，我们坚持“以人为本、科学戒毒、综合矫治、关怀救助”的原则，帮助一大批戒毒康复人员重新回归社会。
H1 “我还能重新开始吗？”
P 小胡（化名）三十五岁，有十年吸毒史，先后两次被强制隔离戒毒。2015年初，他解除强制隔离戒毒后回到社区，开始执行社区康复。刚回来时，小胡对社工非常抵触，每次尿检都拖拖拉拉，对社工的询问也是爱答不理。社工小陆注意到，小胡最大的顾虑是找不到工作，觉得自己“这辈子就这样了”。
F visit|禁毒社工与社区康复人员个别谈话
H1 从“管控”到“陪伴”
P 小陆没有一味强调管控，而是把重点放在帮助小胡解决实际困难上。他帮小胡申请了低保和临时救助，解决了基本生活问题；又陪他到医院做了全面体检，治疗了长期吸毒留下的胃病。每次见面，小陆都会和小胡聊聊家常，慢慢地，小胡愿意和小陆说心里话了。
H1 帮助找到“饭碗”
P 工作站与区内几家爱心企业建立了就业安置合作关系。在小陆的推荐下，小胡进入一家物流公司当了仓库管理员。上班第一天，小陆陪着他去报到，向企业负责人介绍了他的情况。企业负责人说：“只要他好好干，我们就一视同仁。”小胡工作勤快，半年后被提拔为班组长。
P 在小胡之外，工作站还探索建立了“同伴支持小组”，组织保持操守时间较长的康复人员与刚回归社区的人员结对，用“过来人”的经验帮助他们度过最困难的阶段。小组每月活动一次，社工全程参与，及时发现和处理成员的心理波动。
F outdoor|戒毒康复人员在安置企业工作
H1 让家庭成为戒毒的“后盾”
P 家庭的支持对于戒毒康复至关重要。小胡的父母曾经对他非常失望，一度不愿意让他回家。小陆多次上门做工作，组织了家庭会谈，让父母看到儿子的改变。如今，小胡每个周末都会回父母家吃饭，一家人的关系慢慢修复了。
P 在开展个案服务的同时，工作站也注重社区预防教育。我们在社区、学校开展禁毒宣传活动，用真实的案例和数据告诉青少年毒品的危害，还邀请戒毒康复人员现身说法。很多居民说，听了这些故事，才知道毒品离我们并不远。
H1 体会
P 目前，小胡已经保持操守两年多，社区康复期满后，他还主动参加了工作站组织的同伴教育活动，用自己的亲身经历劝导其他戒毒人员。我们体会到，禁毒社工既要严格落实管控措施，更要用真心去陪伴、用资源去帮扶，帮助戒毒康复人员找到重新开始的勇气和能力。

@@ c28
T 石库门弄堂里的“客堂间”
B ——静安区南京西路街道弄堂文化研究社
H1 一、背景
P 南京西路街道保留着一批石库门里弄，居住着许多老上海居民。弄堂里空间狭小，居民缺少公共活动场所，老人们只能在弄堂口的小凳子上坐一坐。随着年轻人陆续搬走，弄堂里的邻里交往也越来越少。2015年，我们研究社与居委会合作，把弄堂里一间闲置的公房改造成了居民共享的“客堂间”。
H1 二、做法
H2 （一）共同设计
P 客堂间怎么布置，我们请居民来出主意。老人们说要有八仙桌、藤椅，要有老上海的味道；年轻人说要有无线网络，可以在这里看书、办公。最后，客堂间的布置既保留了石库门的老元素，又增加了书架、投影仪等新设施。
H3 1、老物件征集
P 我们发起“老物件征集”活动，居民们纷纷捐出了家里的老式座钟、搪瓷脸盆、老照片，布置在客堂间里，成了一个小小的弄堂记忆馆。
H3 2、居民共同施工
P 粉刷墙面、铺设地板时，弄堂里的几位老师傅主动来帮忙，年轻人则负责搬运家具。
P 施工用的涂料、地板等材料，一部分由街道出资采购，一部分来自辖区企业的捐赠。改造只用了不到两个月的时间，花费也比原来预算少了将近一半。
F street|改造后的弄堂“客堂间”
H2 （二）共同管理
H3 1、轮值管理
P 客堂间由居民志愿者轮流值班管理，每天上午九点开门、晚上八点关门。值班表贴在门口，谁家有事可以互相调换。
H3 2、活动自主安排
P 客堂间的活动由居民自己组织：周一是沪语故事会，周三是手工编织，周五是老电影放映，周末则有亲子活动。居民需要使用客堂间开展活动，只需在登记本上预约。
P 为了让客堂间的运营可持续，研究社协助居民制定了客堂间使用公约，明确了开放时间、卫生要求、物品借用等规则。客堂间的水电费用由居委会承担，日常的茶叶、纸杯等小开支则由居民自愿捐助，每月在门口公示收支明细。
F meeting|居民在客堂间听沪语故事会
H1 三、成效
P 客堂间开放一年多来，接待居民一万余人次，举办各类活动三百多场。弄堂里的老邻居有了串门聊天的地方，新搬来的年轻人也通过客堂间认识了邻居。八十五岁的谢阿婆说：“现在每天都要来客堂间坐坐，不来就觉得少了点什么。”
P 客堂间还成了居民议事的场所。弄堂里的公共事务，比如弄堂口的晾衣问题、公共厨房的卫生问题，居民们都会在客堂间坐下来商量。一位居委会干部说，以前开居民会议要挨家挨户去请，现在大家在客堂间就能商量事情了。
H1 四、体会
P 社区公共空间是居民交往的载体。在寸土寸金的老城区，盘活闲置空间，让居民共同设计、共同管理，既解决了居民活动场所不足的问题，又重建了邻里关系，传承了弄堂文化。

@@ c29
T 白领志愿者走进社区，教老人玩转智能手机
B ——静安区南京西路街道楼宇白领志愿者联盟
H1 一、缘起
P 南京西路街道商务楼宇集中，聚集了大量年轻白领。与此同时，周边社区的老年人在生活中越来越多地遇到智能手机带来的困难：不会用手机挂号，不会视频聊天，不会用手机支付。2015年，我们联盟发起“银发触网”项目，组织楼宇白领利用午休和周末时间，走进社区教老人使用智能手机。
H1 二、做法
H2 （一）量身定制课程
P 白领志愿者们根据老人的需求，编写了一套图文并茂的《老年人智能手机使用手册》，字号大、步骤细，从开机、拨打电话、添加联系人讲起，逐步教到微信聊天、手机挂号、查公交等。课程分为初级班和进阶班，每期四次课。
F classroom|白领志愿者手把手教老人使用智能手机
H2 （二）一对一辅导
P 老人学习新东西慢，容易忘。我们采取“一对一”的辅导方式，每位志愿者负责一到两位老人，课后还建立了学习群，老人有问题可以随时在群里问。志愿者小郑说，有位阿姨同一个问题问了五遍，她就耐心教了五遍，第六次阿姨自己学会了，高兴得像个孩子。
P 课堂上，志愿者们还特别注意保护老人的自尊心。他们从不说“这个很简单”，而是说“这个我刚开始也不会”；老人按错了键，他们就说“没关系，再来一次”。这种耐心和尊重，让很多原本怕“丢面子”的老人也愿意来学了。
H2 （三）企业参与支持
P 联盟的成员企业为项目提供了场地和物资支持。一家通信企业捐赠了二十部演示用手机，一家互联网公司派出技术人员为老人讲解防范网络诈骗的知识。
P 项目还吸引了一批退休老人当起了“小老师”。学得快的老人在进阶班结业后，回到自己的小区和楼道，教身边的老伙伴使用手机。这种“老人教老人”的方式效果很好，老人之间沟通起来没有障碍，学习也更加轻松。
H1 三、成效
P 一年多来，项目共开班二十二期，培训老人五百余名，参与志愿服务的白领三百多人次。很多老人学会了和远方的子女视频通话，七十六岁的何老伯还用手机给孙子发了第一个红包。志愿者们也说，教老人用手机，让他们想起了自己的父母，收获了满满的感动。
P 项目的成功也让我们看到了白领参与社区治理的潜力。不少白领志愿者在项目之外，还参加了社区的其他志愿服务，有的为社区设计宣传海报，有的为居委会开发微信公众号，把自己的专业技能带进了社区。
F meeting|老年学员学会视频通话后的合影
H1 四、体会
P 商务楼宇和社区相邻而居，白领和老人看似是两个世界的人。通过志愿服务，我们把楼宇资源和社区需求连接起来，既帮助老人跨越了“数字鸿沟”，也让白领们更好地融入了所在的社区。

@@ c30
T 流浪猫问题的社区共治
B ——静安区天目西路街道社区动物保护志愿者团队
H1 一、问题的出现
P 天目西路街道某小区流浪猫数量多，据志愿者统计有五十余只。一部分居民喜欢喂猫，在楼道口、绿化带里随意投放猫粮，剩饭剩菜招来了老鼠和蚊蝇；另一部分居民则对流浪猫深恶痛绝，认为猫夜里叫春扰民、随地便溺，甚至有人投放毒饵。喂猫的和反对喂猫的居民之间矛盾不断，居委会左右为难。
H1 二、解决过程
H2 （一）科学摸底
P 我们团队的志愿者用一个月时间对小区的流浪猫进行了摸底，给每只猫拍照、建档，掌握了猫群的数量、分布和健康状况，同时也了解了喂猫居民的基本情况。
P 摸底中我们发现，小区里长期喂猫的居民有十余人，其中大部分是独居或退休的老人。对他们来说，喂猫是生活中的一份寄托。因此，我们在工作中特别注意尊重他们的感情，不简单地指责和禁止，而是和他们一起商量更好的办法。
H2 （二）绝育控制数量
P 我们提出了“诱捕、绝育、放归”的办法，从根本上控制流浪猫的数量。团队联系了一家爱心宠物医院，以优惠价格为流浪猫做绝育手术，费用由团队募集和喂猫居民分担。一年内，小区共有四十二只流浪猫完成了绝育。
P 诱捕工作并不容易。流浪猫警惕性高，志愿者们常常要在深夜守候几个小时。喂猫的居民熟悉猫的习性，主动帮忙引导诱捕，成了我们最好的帮手。
F outdoor|志愿者为流浪猫做绝育前的诱捕
H2 （三）规范喂养
P 我们与喂猫居民沟通，说服大家固定时间、固定地点喂养，喂完后及时清理。在居委会和物业的同意下，我们在小区角落设置了三个喂食点，由志愿者负责日常清洁。
P 我们还在小区里开展了“科学对待流浪动物”宣传活动，请兽医讲解流浪猫的习性和疾病防控知识，告诉居民不要随意触摸、投喂流浪猫，更不能投放毒饵。宣传活动让很多居民对流浪猫有了更科学的认识。
H2 （四）搭建协商平台
P 团队邀请喂猫居民和反对喂猫的居民一起召开座谈会，各自说出自己的想法。反对的居民听说猫已经绝育、数量会逐步减少，喂养也规范了，态度有所缓和；喂猫居民也承诺会管好喂食点，不给邻居添麻烦。
F meeting|喂猫居民与其他居民座谈协商
H1 三、成效与体会
P 经过一年多的努力，小区流浪猫数量稳定下来，并开始逐步减少，关于流浪猫的投诉明显下降，再也没有发生投毒事件。我们体会到，流浪猫问题看似是小事，却关系到邻里关系和社区环境。只有让不同意见的居民坐下来协商，用科学的办法解决问题，才能找到各方都能接受的平衡点。

@@ c31
T 守好老人的“钱袋子”——社区防范养老诈骗行动
B ——静安区临汾路街道平安守护志愿服务社
H1 一、问题
P 近年来，针对老年人的诈骗案件屡有发生，保健品推销、所谓“以房养老”、高息理财等骗局层出不穷。临汾路街道老年人口多，不少老人因为贪图小礼品、轻信“专家讲座”而上当受骗，有的老人甚至把一辈子的积蓄都搭了进去。社区民警在一次走访中发现，某小区一位独居老人三个月内花了四万多元购买所谓的“特效保健品”。
H1 二、做法
P 我们服务社联合派出所、居委会，组建了一支由退休民警、退休教师和热心居民组成的“反诈宣讲队”。宣讲队深入小区、楼道，用老人听得懂的语言，结合真实案例，讲解常见的诈骗手法。我们还编排了沪语小品《天上不会掉馅饼》，在社区文艺演出中表演，老人们看得津津有味，也记住了其中的道理。
P 宣讲队的队员们大都是老人身边的熟面孔，讲起来没有距离感。退休民警老詹在宣讲中常说：“凡是让你交钱的‘免费’，都要多个心眼。”这句话被很多老人记在了心里，成了大家口口相传的“防骗口诀”。
F stage|沪语小品《天上不会掉馅饼》演出现场
P 宣讲队员们发现，很多老人上当是因为孤独，推销人员嘴甜、常来陪聊，老人就放下了戒心。因此，我们把防诈骗和关爱老人结合起来，组织志愿者定期上门看望独居老人，陪他们聊天，发现有陌生人频繁上门推销，及时提醒老人和家属。
P 我们还与辖区银行网点建立了联动机制。银行工作人员发现老人大额取款、转账时，会多问几句，必要时联系社区民警和志愿者。今年以来，银行网点通过这一机制及时劝阻了三起老人向陌生账户转账的行为。
P 为了让防骗知识深入人心，我们还在每个小区招募了“反诈信息员”，一般由楼组长担任。信息员负责在楼道里张贴防骗提示，在发现陌生人在小区里发放传单、组织所谓的“免费讲座”时，及时向居委会和派出所报告。
H1 三、成效
P 一年来，宣讲队共开展宣讲活动八十余场，覆盖老人五千余人次，成功劝阻老人上当受骗二十余起，为老人挽回经济损失数十万元。一位老人在志愿者的提醒下，没有把存款转给所谓的“理财公司”，后来这家公司的负责人被警方抓获，老人拉着志愿者的手说：“要不是你们，我的钱就没了。”
F meeting|反诈宣讲队在社区开展防骗讲座
H1 四、体会
P 防范养老诈骗，既要靠警方打击，也要靠社区防范。社会组织和志愿者贴近老人、了解老人，能够在第一时间发现苗头、及时提醒。我们也认识到，只有多关心老人，让他们不再孤独，才能从根本上减少他们上当受骗的可能。
'''

FIELDS_SRC = r'''
# id|案例名称|申报单位|申报日期|申报单位联系人|联系地址|联系电话|手机|传真|电子邮箱|推荐单位|推荐单位意见|推荐日期|推荐单位联系人|推荐单位联系地址|推荐单位联系电话|推荐单位手机|推荐单位传真|推荐单位电子邮箱|所在街道|单位类型|参与主体
c01|老公房加装电梯的协商之路|上海市静安区睦邻家园社区服务社|2016年6月12日|顾敏华|静安区临汾路1535弄8号102室|56034127|13916257734|56034128|mulinjiayuan@163.com|静安区彭浦新村街道办事处|该案例反映了社会组织在加装电梯协商中的积极作用，做法可复制、可推广，同意推荐。|2016年6月14日|庄晓燕|静安区临汾路380号|56031290|13801862245|56031291|pxcjd_zzb@126.com|彭浦新村街道|社区生活服务类社会组织|社会组织
c02|一把钥匙开一把锁——社区帮教工作中的“陪伴式”服务|上海市阳光社区青少年事务中心静安工作站|2016年6月13日|陆佳琪|静安区康定路1150号3楼|62760418|13761803392|62760419|ygjingan_cjd@163.com|静安区曹家渡街道办事处|案例真实，服务过程规范，体现了社工专业方法在帮教工作中的作用，同意推荐。|2016年6月15日|邵伟民|静安区余姚路288号|62567120|13501936278|62567121|caojiadu_shb@163.com|曹家渡街道|社会工作者|社会工作者
c03|一碗热饭里的社区温度——“邻里助餐点”的探索|上海市静安区乐龄生活服务社|2016年6月8日|唐雪芬|静安区愚园路68弄3号|62481395|13621775180|62481396|lelingfuwu@126.com|静安寺街道社区服务办公室|同意推荐。|2016年6月12日|马丽君|静安区常德路428号|62560372|13918830461|62560373|jasjd_sqfw@163.com|静安寺街道|社区生活服务类社会组织|社会组织
c04|垃圾分类“绿色账户”进楼道|上海市静安区绿色家园环保志愿服务社|2016-06-14|汪佩琳|静安区万航渡路1384弄12号|62133568|13816627431|62133569|lvsejiayuan2012@qq.com|静安区曹家渡街道办事处|同意推荐|2016年6月15日|邵伟民|静安区余姚路288号|62567120|13501936278|62567121|caojiadu_shb@163.com|曹家渡街道|社区慈善公益类社会组织|社会组织
c05|楼道自治“三件事”|上海市静安区和谐邻里促进会|2016年6月10日|蒋慧萍|静安区江宁路1111弄5号201室|62551873|13564180725|62551874|hexielinli_jn@163.com|静安区江宁路街道社区自治办公室|该会深耕楼道自治，案例生动具体，同意推荐。|2016年6月13日|孔维东|静安区海防路400号|62993215|13917702658|62993216|jnljd_zzb@163.com|江宁路街道|社区专业调处类社会组织|社会组织
c06|业委会换届中的“第三方”角色|上海市静安区天目西路物业矛盾调处服务中心|2016年6月7日|季国强|静安区天目中路585号4楼|63172806|13801714529|63172807|tmxl_wytc@163.com|静安区天目西路街道办事处|该中心以第三方身份化解业委会换届矛盾，依法依规、公开透明，效果明显，同意推荐。|2016年6月12日|丁海燕|静安区天目西路286号|63539927|13636321804|63539928|tianmuxilu_fgb@126.com|天目西路街道|社区专业调处类社会组织|社会组织
c07|守护“最后一公里”——独居老人“邻里守望”行动|静安区石门二路街道邻里守望志愿服务队|2016年6月15日|严美娟|静安区新闸路1001弄16号|62171953|13917135580|62171953|linlishouwang@163.com|静安区石门二路街道办事处|同意推荐。|2016年6月16日|俞志刚|静安区康定路100号|62530086|13601898457|62530087|smelsq@126.com|石门二路街道|志愿者|志愿者
c08|暑期“爱心小屋”：双职工家庭孩子的好去处|上海市静安区青苗青少年成长服务中心|2016年6月6日|章雨婷|静安区铜仁路258号2楼|62795401|15921826673|62795402|qingmiao_njxl@163.com|静安区南京西路街道团工委|项目连续开展两年，家长反响良好，同意推荐。|2016年6月8日|周颖|静安区北京西路1399号|62790025|13817796620|62790026|njxljd_tgw@163.com|南京西路街道|社区生活服务类社会组织|社会组织
c09|人民调解工作室化解“楼上楼下”噪音纠纷|静安区北站街道“老娘舅”调解工作室|2016年6月9日|马建新|静安区天潼路799号|63241527|13002106338|63241528|beizhan_tjs@163.com|静安区北站街道办事处|该工作室调解经验丰富，案例具有典型性，同意推荐。|2016年6月12日|倪红|静安区安庆路366号|63064720|13671839085|63064721|bzjd_sfs@163.com|北站街道|社区专业调处类社会组织|社会组织
c10|时间银行：让志愿服务“存得进、取得出”|上海市静安区临汾路为老志愿服务中心|2016年6月11日|卜秀英|静安区临汾路375号|56638194|13916604275|56638195|lfl_timebank@163.com|静安区临汾路街道办事处|同意推荐。|2016年6月13日|何伟|静安区临汾路375号|56638001|13585621377|56638002|linfenlu_sqb@126.com|临汾路街道|志愿者|志愿者
c11|为精神障碍患者家庭撑起一把伞|上海市静安区心馨心理健康服务社|2016年6月13日|宋文洁|静安区芷江中路376号|56653018|13918275396|56653019|xinxin_xlfw@163.com|静安区芷江西路街道社区服务办公室|该社长期服务精神障碍患者家庭，专业性强，社会效果好，同意推荐。|2016年6月15日|林晓春|静安区芷江西路268号|56653500|13761236079|56653501|zjxl_sqfw@163.com|芷江西路街道|社区生活服务类社会组织|社会组织
c12|代表联络站里议停车——人大代表推动破解小区停车难|静安区大宁路街道人大代表联络站|2016年6月14日|杨立平|静安区延长中路551号|56657320|13901729048|56657321|daning_rddblzz@163.com|静安区人大常委会大宁路街道工作委员会|同意推荐。|2016年6月15日|邹敏|静安区大宁路501号|56653127|13817230916|56653128|dnl_rdgw@126.com|大宁路街道|两代表一委员|两代表一委员
c13|电动自行车“充电难”的破解之道|上海市静安区宝山路平安社区志愿者协会|2016年6月12日|刘美华|静安区宝山路433号|56961025|13524067718|56961026|bslpingan@163.com|静安区宝山路街道平安办|该协会积极参与消除电动自行车充电安全隐患，成效明显，同意推荐。|2016年6月14日|陈伟强|静安区宝山路415号|56960812|13764520381|56960813|baoshanlu_pab@163.com|宝山路街道|志愿者|志愿者
c14|一块荒地变成了“百草园”|静安区共和新路街道绿意社区营造工作室|2016年6月16日|温琳|静安区共和新路2993弄22号|56658721|18621930547|56658722|lvyi_studio@163.com|静安区共和新路街道办事处|同意推荐。|2016年6月17日|黄莉|静安区共和新路2701号|56651020|13611935201|56651021|ghxl_sqzz@163.com|共和新路街道|社区慈善公益类社会组织|社会组织
c15|社区健康自我管理小组：让慢性病患者“自己管自己”|上海市静安区健康促进志愿者服务社|2016年6月8日|佟美玲|静安区胶州路358号|62470352|13901632715|62470353|jkcj_zyz@163.com|静安区静安寺街道社区卫生服务中心|该服务社协助家庭医生开展慢性病自我管理，效果显著，同意推荐。|2016年6月10日|高红霞|静安区胶州路370号|62477315|13918256403|62477316|jas_wszx@126.com|静安寺街道|志愿者|志愿者
c16|社区学校里的“小候鸟”课堂|上海市静安区彭浦镇新市民子女关爱服务中心|2016年6月7日|沈燕|静安区灵石路696号|56337140|13621624378|56337141|xiaohouniao_pp@163.com|静安区彭浦镇人民政府|同意推荐。|2016年6月10日|钱国庆|静安区共和新路3088号|56331020|13916028814|56331021|pengpuzhen_shb@163.com|彭浦镇|社区慈善公益类社会组织|社会组织
c17|“阳光之家”里的手艺人|上海市静安区天目西路阳光之家助残服务社|2016年6月9日|钟丽华|静安区长安路101号|63176652|13817268031|63176653|yangguangzhijia_tm@163.com|静安区天目西路街道残疾人联合会|该服务社运营阳光之家成效突出，学员和家长满意度高，同意推荐。|2016年6月12日|胡建英|静安区天目西路286号|63539910|13501750346|63539911|tmxl_cl@163.com|天目西路街道|社区慈善公益类社会组织|社会组织
c18|群租整治中的“说理”与“帮扶”|静安区共和新路街道社区综合治理志愿服务队|2016年6月13日|吕卫国|静安区共和新路3201弄5号|56650318|13901715682|56650319|ghxl_zzdy@163.com|静安区共和新路街道综合治理办公室|同意推荐。|2016年6月14日|杭志勇|静安区共和新路2701号|56651088|13764091225|56651089|ghxl_zzb@163.com|共和新路街道|志愿者|志愿者
c19|广场舞“音量之争”的协商化解|上海市静安区大宁路街道社区文体团队联合会|2016年6月10日|蔡秋萍|静安区广延路811号|56656271|13818671294|56656272|dnl_wtlh@163.com|静安区大宁路街道社区文化活动中心|同意推荐。该联合会在协调文体团队与居民矛盾中发挥了积极作用。|2016年6月12日|袁丽|静安区共和新路1968号|56656100|13601700862|56656101|dnl_whzx@163.com|大宁路街道|社区文体活动类社会组织|社会组织
c20|老小区“美丽家园”改造中的居民议事|上海市静安区宝山路社区规划师工作坊|2016年6月14日|周建平|静安区宝山路601号|56961470|13918430725|56961471|sqghs_bsl@163.com|静安区宝山路街道办事处|该工作坊在美丽家园改造中创新居民参与方式，同意推荐。|2016年6月15日|陈伟强|静安区宝山路415号|56960800|13764520381|56960801|baoshanlu_fgb@163.com|宝山路街道|社区生活服务类社会组织|社会组织
c21|重拾生活的勇气——社工介入失独老人个案服务|上海市静安区南京西路街道社会工作服务社|2016年6月12日|周晓雯|静安区威海路755号|62551062|13816530294|62551063|njxl_shegong@163.com|静安区社会工作协会|该个案服务过程完整、方法得当、成效明显，体现了社会工作的专业价值，同意推荐。|2016年6月15日|冯洁|静安区昌平路990号|62180427|13681908316|62180428|jashgxh@163.com|南京西路街道|社会工作者|社会工作者
c22|“睦邻点”：把邻居重新连起来|上海市静安区临汾路睦邻文化促进中心|2016年6月11日|沈丽芳|静安区汾西路271号|56659204|13564037126|56659205|mulin_lfl@163.com|静安区临汾路街道社区服务办公室|同意推荐。|2016年6月13日|何伟|静安区临汾路375号|56638001|13585621377|56638002|linfenlu_sqb@126.com|临汾路街道|社区文体活动类社会组织|社会组织
c23|文明养犬，从“人犬矛盾”到“人犬和谐”|上海市静安区江宁路文明养犬志愿者协会|2016年6月14日|严志明|静安区西康路767号|62172240|13901803674|62172241|wmyq_jnl@163.com|静安区江宁路街道办事处|同意推荐。|2016年6月16日|孔维东|静安区海防路400号|62993215|13917702658|62993216|jnljd_zzb@163.com|江宁路街道|志愿者|志愿者
c24|律师进社区，法律服务零距离|静安区北站街道社区法律服务志愿团|2016年6月10日|倪文斌|静安区海宁路1399号|63252068|13917086273|63252069|bz_lawyers@163.com|静安区北站街道司法所|该志愿团长期坚持为社区居民提供公益法律服务，同意推荐。|2016年6月13日|方俊|静安区安庆路366号|63064731|13564701925|63064732|bzsfs@163.com|北站街道|志愿者|志愿者
c25|高层住宅里的“微型消防站”|静安区芷江西路街道平安志愿者服务队|2016年6月9日|王建华|静安区共和新路1311号|56659801|13636528814|56659802|zjxl_pazyz@163.com|静安区芷江西路街道办事处|同意推荐。|2016年6月13日|林晓春|静安区芷江西路268号|56653500|13761236079|56653501|zjxl_sqfw@163.com|芷江西路街道|志愿者|志愿者
c26|“老伙伴”结对，低龄老人关爱高龄老人|上海市静安区银龄互助服务社|2016年6月8日|孟庆芳|静安区平顺路260号|56443016|13817526640|56443017|yinling_huzhu@163.com|静安区彭浦新村街道办事处|同意推荐。|2016年6月13日|庄晓燕|静安区临汾路380号|56031290|13801862245|56031291|pxcjd_zzb@126.com|彭浦新村街道|社区生活服务类社会组织|社会组织
c27|禁毒社工：做戒毒康复人员回归路上的“摆渡人”|上海市自强社会服务总社静安工作站宝山路社工点|2016年6月15日|陆俊杰|静安区宝山路433号2楼|56962710|13917253308|56962711|zq_bsl@163.com|静安区宝山路街道禁毒办|该社工点服务规范、成效明显，同意推荐。|2016年6月16日|唐卫东|静安区宝山路415号|56960850|13601772649|56960851|bsl_jdb@163.com|宝山路街道|社会工作者|社会工作者
c28|石库门弄堂里的“客堂间”|上海市静安区弄堂文化研究社|2016年6月12日|谢文倩|静安区石门一路315弄9号|62178305|13764017726|62178306|longtang_wh@163.com|静安区南京西路街道办事处|同意推荐。|2016年6月14日|周颖|静安区北京西路1399号|62790025|13817796620|62790026|njxljd_tgw@163.com|南京西路街道|社区文体活动类社会组织|社会组织
c29|白领志愿者走进社区，教老人玩转智能手机|静安区南京西路街道楼宇白领志愿者联盟|2016年6月13日|郑琪|静安区南京西路1515号9楼|62883401|18616203958|62883402|bailing_lm@163.com|共青团静安区南京西路街道工作委员会|同意推荐。|2016年6月14日|周颖|静安区北京西路1399号|62790025|13817796620|62790026|njxljd_tgw@163.com|南京西路街道|志愿者|志愿者
c30|流浪猫问题的社区共治|静安区天目西路街道社区动物保护志愿者团队|2016年6月16日|苏婉|静安区恒丰路638号|63810472|15801937264|63810473|tmxl_dongbao@163.com|静安区天目西路街道办事处|同意推荐。|2016年6月17日|丁海燕|静安区天目西路286号|63539927|13636321804|63539928|tianmuxilu_fgb@126.com|天目西路街道|志愿者|志愿者
c31|守好老人的“钱袋子”——社区防范养老诈骗行动|上海市静安区临汾路平安守护志愿服务社|2016年6月14日|詹国华|静安区阳曲路760号|56637920|13917350284|56637921|pingan_shouhu@163.com|静安区临汾路街道平安办|同意推荐。|2016年6月16日|何伟|静安区临汾路375号|56638001|13585621377|56638002|linfenlu_sqb@126.com|临汾路街道|志愿者|志愿者
'''

TEXTS = parse_cases(CASES_SRC)
FIELDS = parse_fields(FIELDS_SRC)

if __name__ == "__main__":
    main()
