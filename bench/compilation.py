"""Time and peak memory of the printed compilation's PDF build, for 100, 250 and 500 cases.

Usage: .venv/bin/python bench/compilation.py [--sizes 100 250 500] [--keep /tmp/bench-book.pdf]
A fresh SQLite database in a temporary folder with the demo site and campaign. For each
size, that many new cases (about 2000 characters drawn from the demo stories' sentences,
with headings, and three 4000x3000 JPEG photos, each its own image and file) are
selected for a new book, so that its first build makes every rendition. The book is built
three times, each in a fresh process so that the peak resident size (VmHWM) is the
build's alone: first (renditions made, every part laid out), a rebuild (renditions and
parts reused), and a rebuild after one case in the middle of the book has four characters
of its text changed (published as an editor would: that case's part laid out again). The
children's peak (the forked workers making renditions and laying parts out, the process
joining the parts: merge.py) is reported apart (workers…_mb, "children" per build; a
spawned child's ru_maxrss starts from its parent's peak, so the join reports its own
VmHWM: join…_mb).
The largest book is copied to --keep. Last line: the figures, with the steps apart: parts
laid out or found (first build), joined (merge, rebuild), the prepress steps (blank pages,
版权页 and page labels), the cover sheet, the preflight (the book and cover read back) and
the book stored as the edition with its SHA-256 (store); changelaid: parts the change laid
out.
Targets on 2 cores (issue 29): 100 cases first build < 60 s, rebuild < 10 s, every
build's peak < 400 MB; 500 cases first build < 5 × the 100 cases' and peak < 600 MB, the
rebuild after one change < 15 s; file < 120 MB at 100 cases (issue 6).
"""

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import configure, demo_sentences

WIDTH, HEIGHT = 4000, 3000  # 12 megapixels
POOL = 12  # distinct pictures; every photo still gets its own image record and file


def picture(index):
    """A 12-megapixel JPEG of gradients, shapes and noise: about 4 MB, like a phone photo."""
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(index)
    ramp = Image.linear_gradient("L").rotate(index * 30).resize((WIDTH, HEIGHT))
    ring = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH, HEIGHT), 40 + index * 3)
    blue = ImageChops.add(ramp.point(lambda v: 255 - v), noise, 2)
    image = Image.merge("RGB", (ramp, ring, blue))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, size = rng.randrange(WIDTH), rng.randrange(HEIGHT), rng.randrange(50, 600)
        draw.ellipse([x, y, x + size, y + size * 0.7], fill=tuple(rng.choices(range(256), k=3)))
    # Noise over everything, shapes included: flat areas would compress unrealistically well.
    image = Image.blend(image, Image.merge("RGB", (noise, noise, noise)), 0.2)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def pool_folder():
    """Where the pool's pictures are kept between runs (0.6 s of CPU each to draw; the
    builds read the files, however they were made), named by a digest of the drawing
    code, the size and Pillow's version."""
    import hashlib
    import inspect

    import PIL

    made_by = f"{inspect.getsource(picture)}{WIDTH}x{HEIGHT}{PIL.__version__}"
    name = hashlib.sha256(made_by.encode()).hexdigest()[:20]
    return Path.home() / ".cache" / "case-portal" / f"bench-pool-{name}"


def pool_file(index):
    """The pool's picture for `index`, drawn once and kept between runs."""
    kept = pool_folder() / f"{index % POOL}.jpg"
    if not kept.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        aside = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        aside.write_bytes(picture(index % POOL))
        os.replace(aside, kept)  # parallel runs may draw the same one
    return kept


def story_text():
    from home.demo.data import case_data

    stories = case_data()
    blocks = [b for d in stories for b in d["body"]]
    headings = [b["text"] for b in blocks if b["type"] == "heading"]
    titles = [d["title"] for d in stories]
    captions = [c for d in stories for c in d["photo_captions"]]
    return demo_sentences(), headings, titles, captions


def case_body(rng, sentences, headings):
    """About 2000 characters: paragraphs of 3–6 sentences, a heading every few paragraphs."""
    from wagtail.rich_text import RichText

    blocks, total = [], 0
    while total < 2000:
        if len(blocks) % 4 == 0:
            blocks.append(("heading", {"text": rng.choice(headings), "level": "h2"}))
        text = "".join(rng.choices(sentences, k=rng.randint(3, 6)))
        blocks.append(("paragraph", RichText(f"<p>{text}</p>")))
        total += len(text)
    return blocks


@contextmanager
def quick_setup():
    """The set-up of hundreds of cases without what the book never reads: the search index
    (3 s a case on a busy machine) and Wagtail's full decoding of each photo to read its
    size (0.45 s a photo; the file's header says the same)."""
    from PIL import Image
    from wagtail.images.models import WagtailImageFieldFile

    from search import indexing

    def header_size(field_file):
        field_file.open()
        field_file.seek(0)
        with Image.open(field_file) as image:
            return image.size

    saved = indexing.index, WagtailImageFieldFile.get_image_dimensions
    indexing.index = lambda document: None
    WagtailImageFieldFile.get_image_dimensions = header_size
    try:
        yield
    finally:
        indexing.index, WagtailImageFieldFile.get_image_dimensions = saved


def make_cases(campaign, collection, first, count, rng):
    from django.core.files import File

    from cases.fields.enums import JINGAN_STREETS, OrganizationKind
    from cases.models import (
        CaseCategory,
        CaseImage,
        CasePage,
        CasePhoto,
        Decision,
        Organization,
    )

    sentences, headings, titles, captions = story_text()
    categories = list(CaseCategory.objects.all())
    for number in range(first, first + count):
        organization = Organization.objects.create(
            name=f"静安区{rng.choice(JINGAN_STREETS)}社区服务中心（{number}）",
            kind=rng.choice(OrganizationKind.values),
            street=rng.choice(JINGAN_STREETS),
        )
        case = CasePage(
            title=f"{rng.choice(titles)}（{number}）",
            slug=f"bench-case-{number}",
            organization=organization,
            category=categories[number % len(categories)],
            street=organization.street,
            summary=rng.choice(sentences),
            body=case_body(rng, sentences, headings),
            submission_number=f"{campaign.submission_prefix}{number:04d}",
        )
        photos = []
        for k in range(3):
            caption = rng.choice(captions)
            image = CaseImage(title=caption, collection=collection)
            with pool_file(number * 3 + k).open("rb") as handle:
                image.file = File(handle, name=f"bench-{number}-{k}.jpg")
                image.save()
            photos.append(CasePhoto(image=image, caption=caption))
        case.photos = photos
        campaign.add_child(instance=case)
        case.save_revision().publish()
        Decision.record(case, selected=True)


def make_book(campaign, count):
    from cases.models import CompilationPage

    page = CompilationPage(
        title=f"静安区社会力量参与社区治理优秀案例汇编（{count}例）",
        slug=f"bench-book-{count}",
        subtitle="基准测试",
        preface="\n".join(["为总结推广社会力量参与社区治理的经验做法，特编印本书。" * 6] * 3),
        postscript="\n".join(["本书编印中得到各街道镇和社会组织的大力支持，谨致谢忱。" * 4] * 2),
        editorial_board="主　编：张三\n副主编：李四　王五\n编　委：赵六　钱七　孙八　周九",
        page_size="a4",
    )
    campaign.add_child(instance=page)
    return page


CHANGE = "修订文字"


def change_one_case(book_page):
    """Four characters of the middle case's first paragraph replaced, published: the
    correction an editor makes between two builds."""
    from wagtail.rich_text import RichText

    cases = [case for section in book_page.sections() for case in section.cases]
    case = cases[len(cases) // 2].specific
    blocks, changed = [], False
    for block in case.body:
        value = block.value
        if block.block_type == "paragraph" and not changed:
            changed = True
            source = value.source
            start = source.index("<p>") + 3
            value = RichText(source[:start] + CHANGE + source[start + 4 :])
        blocks.append((block.block_type, value))
    case.body = blocks
    case.save_revision().publish()
    return case


CPU = {}  # step: CPU seconds of this process and the children it waited for


def cpu_seconds():
    """CPU time so far, this process's and its finished children's (the rendition and
    layout workers, the join): on a shared machine the wall time is mostly the load."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sum(usage.ru_utime + usage.ru_stime for usage in used)


def timed(owner, name, times, key, peaks=None):
    """Wrap owner.name so that its time adds up in times[key]: which step dominates; its
    CPU time in CPU[key]; and the process's peak so far after it in peaks[key]: which
    step sets the peak."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), cpu_seconds()
        try:
            return original(*args, **kwargs)
        finally:
            times[key] = times.get(key, 0) + time.perf_counter() - start
            CPU[key] = CPU.get(key, 0) + cpu_seconds() - cpu
            if peaks is not None:
                peaks[key] = status_mb("VmHWM")

    setattr(owner, name, wrapper)


def status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def shows_change(path):
    """Whether the built book prints the changed text (the rebuild did not reuse stale pages)."""
    from pypdf import PdfReader

    return any(CHANGE in page.extract_text() for page in PdfReader(path).pages)


def child_build(workdir, page_id, keep, changed=False):
    """One build in this fresh process; prints its figures as JSON on the last line."""
    configure(workdir)
    from cases.compilation import builds, merge, parts, pdf, preflight, prepress
    from cases.models import CompilationPage

    page = CompilationPage.objects.get(pk=page_id)
    steps, peaks = {}, {}
    for owner, name in ((builds, "assemble"), (builds, "make_renditions")):
        timed(owner, name, steps, name, peaks)
    # Inside render_pdf: the parts laid out (in two processes in a first build) or found,
    # and written (parts.py); joined into one PDF (merge.py); the prepress steps (CMYK
    # photos, blank pages, 版权页 and page labels: pikepdf); the cover sheet (its own small
    # layout and write).
    timed(parts, "lay_out", steps, "parts", peaks)
    joins, join = [], merge.merge  # the join's own peak, which the child reports

    def joined(*args, **kwargs):
        result = join(*args, **kwargs)
        joins.append(result.peak_mb)
        return result

    merge.merge = joined
    timed(merge, "merge", steps, "merge", peaks)
    timed(prepress, "finish", steps, "prepress", peaks)
    timed(pdf, "render_cover", steps, "cover", peaks)
    # After the layout and the join: the preflight reading the written book back, and the
    # book stored as the edition with its digest.
    timed(preflight, "check", steps, "preflight", peaks)
    timed(builds, "_keep", steps, "store", peaks)
    before = status_mb("VmRSS")
    start, cpu = time.perf_counter(), cpu_seconds()
    wall = time.time()
    build = builds.build_now(page)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak = status_mb("VmHWM")  # the build's: reading the book back below (pypdf) is not
    if build.status != "succeeded":
        print(f"build failed: {build.error}\n{build.log}", file=sys.stderr)
        sys.exit(1)
    records = list(parts.cache_folder(page).glob("*.json"))
    laid = sum(1 for record in records if record.stat().st_mtime >= wall)
    if changed and not shows_change(build.file.path):
        sys.exit("the rebuild after one change does not print the change")
    if keep:
        shutil.copyfile(build.file.path, keep)
    import resource

    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {"s": elapsed, "cpu_s": cpu, "cpu": CPU, "mb": peak, "rss_before_mb": before}
    figures["workers_mb"] = workers
    figures["join_mb"] = max(joins, default=0)
    figures |= {"pages": build.pages, "size_mb": build.size / 1e6, "steps": steps}
    figures |= {"laid": laid, "parts": len(records), "peaks": peaks}
    print(json.dumps(figures))


def run_build(workdir, page, keep=None, changed=False):
    command = [sys.executable, __file__, "--build", str(page.pk), "--workdir", str(workdir)]
    command += ["--changed"] if changed else []
    out = subprocess.run([*command, "--keep", keep] if keep else command, stdout=subprocess.PIPE)
    if out.returncode:
        sys.exit(f"the build of {page.title} failed (exit {out.returncode})")
    return json.loads(out.stdout.decode().splitlines()[-1])


def describe(figures):
    steps = " ".join(f"{k}={v:.1f}s" for k, v in figures["steps"].items())
    rss = f"{figures['rss_before_mb']:.0f} → {figures['mb']:.0f} MB"
    rss += f" (children {figures['workers_mb']:.0f} MB, the join {figures['join_mb']:.0f} MB)"
    laid = f"{figures['laid']}/{figures['parts']} parts laid out"
    peaks = " ".join(f"{k}={v:.0f}" for k, v in figures["peaks"].items())
    cpu = " ".join(f"{k}={v:.1f}s" for k, v in figures["cpu"].items())
    return (
        f"{figures['s']:6.1f} s (CPU {figures['cpu_s']:.1f} s), {rss}, {laid} ({steps}; "
        f"CPU: {cpu}; peak MB after: {peaks})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 250, 500])
    default_keep = Path(tempfile.gettempdir()) / "bench-book.pdf"
    parser.add_argument("--keep", default=str(default_keep), help="copy of the largest book")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)  # the child's page id
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--changed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        return child_build(args.workdir, args.build, args.keep, args.changed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-compilation-") as tmp:
        workdir = Path(tmp)
        # The test settings make a private media folder with mkdtemp (the built PDFs go
        # there): keep it, and the children's, inside the folder that is removed at the end.
        os.environ["TMPDIR"] = tempfile.tempdir = tmp
        configure(workdir)
        from django.core.management import call_command
        from django.db import connection, transaction

        from cases.models import Decision
        from home.demo.loader import ensure_campaign, ensure_collection, ensure_home

        call_command("migrate", verbosity=0)
        campaign = ensure_campaign(ensure_home())
        collection = ensure_collection()
        rng, first, results = random.Random(6), 1, {}
        for count in args.sizes:
            # Each book holds only its own new cases, so its first build makes new renditions.
            Decision.objects.update(selected=False)
            setup = time.perf_counter()
            with quick_setup(), transaction.atomic():  # one commit: SQLite syncs at each
                make_cases(campaign, collection, first, count, rng)
                page = make_book(campaign, count)
            first += count
            setup = time.perf_counter() - setup
            connection.close()  # SQLite: leave the database to the child
            keep = args.keep if count == max(args.sizes) else None
            first_build, rebuild = run_build(workdir, page), run_build(workdir, page)
            with transaction.atomic():
                change_one_case(page)
            connection.close()
            changed = run_build(workdir, page, keep, changed=True)
            results[count] = (first_build, rebuild, changed)
            print(
                f"{count:3d} cases (set up in {setup:.0f} s): first {describe(first_build)}; "
                f"rebuild {describe(rebuild)}; after one change {describe(changed)}; "
                f"{rebuild['pages']} pages, {rebuild['size_mb']:.1f} MB",
                flush=True,
            )
    figures = []
    for count, (first_build, rebuild, changed) in results.items():
        figures += [
            f"first{count}_s={first_build['s']:.1f}",
            f"renditions{count}_s={first_build['steps'].get('make_renditions', 0):.1f}",
            f"first{count}_cpu_s={first_build['cpu_s']:.1f}",
            f"renditions{count}_cpu_s={first_build['cpu'].get('make_renditions', 0):.1f}",
            f"parts{count}_cpu_s={first_build['cpu'].get('parts', 0):.1f}",
            f"rebuild{count}_s={rebuild['s']:.1f}",
            f"parts{count}_s={first_build['steps'].get('parts', 0):.1f}",
            f"merge{count}_s={rebuild['steps'].get('merge', 0):.1f}",
            f"change{count}_s={changed['s']:.1f}",
            f"changelaid{count}={changed['laid']}",
            f"first{count}_mb={first_build['mb']:.0f}",
            f"workers{count}_mb={first_build['workers_mb']:.0f}",
            f"rebuild{count}_mb={rebuild['mb']:.0f}",
            f"join{count}_mb={max(r['join_mb'] for r in (first_build, rebuild, changed)):.0f}",
            f"change{count}_mb={changed['mb']:.0f}",
            f"pages{count}={rebuild['pages']}",
            f"size{count}_mb={rebuild['size_mb']:.1f}",
            f"prepress{count}_s={rebuild['steps'].get('prepress', 0):.1f}",
            f"cover{count}_s={rebuild['steps'].get('cover', 0):.1f}",
            f"preflight{count}_s={changed['steps'].get('preflight', 0):.1f}",
            f"store{count}_s={changed['steps'].get('store', 0):.1f}",
        ]
    small, large = min(results), max(results)
    rebuild_large = results[large][1]
    per_case = rebuild_large["s"] / large
    linearity = rebuild_large["s"] / (results[small][1]["s"] * large / small)
    # The first build of the largest book against the smallest's, per case (issue 29: 500
    # cases under 5 times 100 cases, i.e. first_ratio ≤ 1 at those sizes).
    first_ratio = results[large][0]["s"] / (results[small][0]["s"] * large / small)
    for count, builds in results.items():
        print(
            f"targets for {count} cases: first {builds[0]['s']:.1f} s, rebuild "
            f"{builds[1]['s']:.1f} s, after one change {builds[2]['s']:.1f} s, "
            f"peak {max(r['mb'] for r in builds):.0f} MB "
            f"(100: < 60 s, < 10 s, < 400 MB; 500: < 5 × 100's first, change < 15 s, < 600 MB)"
        )
    print(
        f"first build {large} vs {small} cases per case: {first_ratio:.2f}; rebuild linearity "
        f"{linearity:.2f} (1 = linear); whole run {time.perf_counter() - started:.0f} s"
    )
    figures += [
        f"rebuild_s_per_case={per_case:.2f}",
        f"linearity={linearity:.2f}",
        f"first_ratio={first_ratio:.2f}",
    ]
    print(" ".join(figures))


if __name__ == "__main__":
    main()
