"""What a file sent as a 申报表 really is, and .doc, .wps, .rtf or .odt turned into .docx.

Many offices still save Word 97 files (.doc; WPS's .wps is the same binary format) or
RTF, and a few send a PDF or a photo of the printed form under a .docx name. The kind is
told by the file's first bytes, never by its name. Conversion runs LibreOffice headless
(Debian's libreoffice-writer-nogui) with its own profile in a temporary folder and a
time limit; it is called from the import task and the command line, never from a web
request (it takes a second or two and 150 MB).

The profile each conversion gets is a copy of one prepared once per installation (per
LibreOffice version): LibreOffice's first start in an empty profile costs seconds, and
on every start whose profile has not recorded the running version it runs its graphics
self-tests (4096-pixel surfaces, ~100 MB and ~3 s). A headless conversion never records
the version itself, so the prepared profile is given it.
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

CONVERT_SECONDS = 60
# RTF stores pictures as hexadecimal text: a form with three photos is easily 30 MB,
# where the same form as .docx is 5 MB. Beyond this, converting is slow and heavy.
MAX_RTF_BYTES = 30 * 1024 * 1024
MAX_LEGACY_BYTES = 50 * 1024 * 1024

# (magic bytes, kind) for what is not a word processor's file.
_MAGIC = (
    (b"%PDF", "pdf"),
    (b"\xff\xd8\xff", "image"),  # JPEG
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"GIF8", "image"),
    (b"BM", "image"),
    (b"II*\x00", "image"),  # TIFF
    (b"MM\x00*", "image"),
    (b"RIFF", "image"),  # WebP (a RIFF container)
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: the pre-2007 formats
SEND_DOCX = "请把填好的申报表以 Word 文件（.docx、.doc 或 .wps）发送"

REFUSALS = {
    "empty": "文件是空的（0 字节），没有任何内容。" + SEND_DOCX + "。",
    "pdf": "这是 PDF 文件，不是 Word 文档：PDF 里的文字和照片无法逐项导入。"
    + SEND_DOCX
    + "，不要转成 PDF。",
    "image": "这是一张图片（照片或扫描件），不是 Word 文档：图片上的文字无法导入。"
    + SEND_DOCX
    + "；盖章页的扫描件可另行提交。",
    "spreadsheet": "这是 Excel 表格，不是 Word 文档。" + SEND_DOCX + "。",
    "presentation": "这是 PowerPoint 演示文稿，不是 Word 文档。" + SEND_DOCX + "。",
    "ole": "文件是旧版 Office 格式，但其中没有 Word 正文（可能已损坏，或是 Excel、PowerPoint"
    "文件）。请在 Word 或 WPS 中打开申报表，“另存为” .docx 后再导入。",
    "zip": "这是一个压缩包，不是 Word 文档。请解压后逐个导入其中的申报表（.docx）。",
    "unknown": "无法识别文件格式：它不是 Word 文档（.docx、.doc、.wps）或 RTF。" + SEND_DOCX + "。",
}


class ConversionError(ValueError):
    """The file cannot be turned into a .docx; the message is meant for staff, as is."""


def kind_of(head: bytes, names: set[str] | None = None) -> str:
    """docx, legacy (.doc/.wps), rtf, odt, or what it is instead (pdf, image, …)."""
    if not head:
        return "empty"
    if head.startswith(OLE_MAGIC):
        return "legacy" if names is None or "WordDocument" in names else "ole"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK"):
        names = names or set()
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
        if any(name.startswith("xl/") for name in names):
            return "spreadsheet"
        if any(name.startswith("ppt/") for name in names):
            return "presentation"
        return "zip"
    return "unknown"


def sniff(fileobj) -> str:
    """The kind of a seekable binary file; the position is left at 0."""
    fileobj.seek(0)
    head = fileobj.read(16)
    names = None
    if head.startswith(OLE_MAGIC):
        # A Word 97 file (.doc, .wps) holds a stream named WordDocument (UTF-16 in the
        # directory); an .xls or .ppt, or a damaged file, does not.
        names = {"WordDocument"} if _holds(fileobj, "WordDocument".encode("utf-16-le")) else set()
    elif head.startswith(b"PK"):
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except Exception:  # a broken archive: docx_import says it is damaged
            names = {"word/document.xml"}
    fileobj.seek(0)
    return kind_of(head, names)


def _holds(fileobj, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the file holds these bytes, read a megabyte at a time (an upload is looked
    at in the web process: never all of it in memory)."""
    fileobj.seek(0)
    tail = b""
    while block := fileobj.read(chunk):
        if needle in tail + block:
            return True
        tail = block[-len(needle) :]
    return False


def refusal(kind: str) -> str | None:
    """The message for a file that is no word processor's file, or None."""
    return REFUSALS.get(kind)


def _size(fileobj) -> int:
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def check_upload(fileobj) -> None:
    """A quick look at a file uploaded for import, before it is queued: what it is and
    how large, in words that say what to send instead (ConversionError)."""
    kind = sniff(fileobj)
    message = refusal(kind)
    if message:
        raise ConversionError(message)
    check_size(fileobj, kind)
    size = _size(fileobj)
    if size > MAX_UPLOAD_BYTES:
        raise ConversionError(
            f"文件太大（{size / 1024 / 1024:.0f} MB，上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）。"
            "请在 Word 或 WPS 中压缩图片（文件 → 压缩图片），另存为 .docx 后再导入。"
        )


def check_size(fileobj, kind: str) -> None:
    size = _size(fileobj)
    mb = size / 1024 / 1024
    if kind == "rtf" and size > MAX_RTF_BYTES:
        raise ConversionError(
            f"RTF 文件太大（{mb:.0f} MB，上限 {MAX_RTF_BYTES // 1024 // 1024} MB）：RTF 把照片存成"
            "文字，体积是 .docx 的数倍。请在 Word 或 WPS 中打开它，“另存为” .docx 后再导入。"
        )
    if kind == "legacy" and size > MAX_LEGACY_BYTES:
        raise ConversionError(
            f"文件太大（{mb:.0f} MB，上限 {MAX_LEGACY_BYTES // 1024 // 1024} MB）。请在 Word 或"
            " WPS 中压缩图片，“另存为” .docx 后再导入。"
        )


SUFFIX = {"legacy": ".doc", "rtf": ".rtf", "odt": ".odt", "docx": ".docx"}
NAMES = {"legacy": "旧版 Word（.doc/.wps）", "rtf": "RTF", "odt": "OpenDocument", "docx": "Word"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


FLAGS = ("--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault")
PREPARE_SECONDS = 60
# Marks the profile as having seen this version: no graphics self-tests on start. The
# locale (the forms' own) spares the start a fork of soffice.bin to ask `paperconf` for
# the system's paper size, which it does when the locale is left to the system.
_SEEN = (
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion"'
    ' oor:op="fuse"><value>{}</value></prop></item>\n'
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"'
    ' oor:op="fuse"><value>zh-CN</value></prop></item>'
)
_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n</oor:items>\n'
)


def _version(program: str) -> str | None:
    """LibreOffice's major.minor ("7.4"), as its profile records versions."""
    try:
        out = subprocess.run(  # noqa: S603 (the installed LibreOffice)
            [program, "--version"], capture_output=True, text=True, timeout=PREPARE_SECONDS
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)\.\d", out)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _profiles_folder() -> Path | None:
    """A folder of this user's own (0700) for prepared profiles, or None when the name is
    taken by someone else: a profile can hold settings and macros, so it must be ours."""
    folder = Path(tempfile.gettempdir()) / f"portal-libreoffice-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if folder.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def _installation(program: str) -> str:
    """A name for the installed LibreOffice that changes when it is upgraded: the
    program's real path and its binary's size and time (no process started)."""
    real = Path(os.path.realpath(program))
    binary = real.with_name("soffice.bin")
    info = (binary if binary.exists() else real).stat()
    key = f"{real}|{info.st_size}|{info.st_mtime_ns}|{_SEEN}".encode()  # and what we add
    return hashlib.sha256(key).hexdigest()[:16]


def prepared_profile(program: str, folder: Path | None = None) -> Path | None:
    """The profile prepared for this installation (made on first use), or None when it
    cannot be made: the conversion then starts from an empty profile."""
    folder = folder or _profiles_folder()
    if folder is None:
        return None
    try:
        ready = folder / f"profile-{_installation(program)}"
    except OSError:
        return None
    if (ready / "user" / "registrymodifications.xcu").exists():
        return ready
    version = _version(program)
    if version is None:
        return None
    with tempfile.TemporaryDirectory(prefix="making-", dir=folder) as making:
        profile = Path(making) / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", *FLAGS]
        try:
            if not _run([*command, "--terminate_after_init"], making, PREPARE_SECONDS):
                return None
        except OSError:
            return None
        registry = profile / "user" / "registrymodifications.xcu"
        if not registry.parent.is_dir():
            return None
        text = registry.read_text("utf-8") if registry.exists() else _REGISTRY
        if "</oor:items>" not in text:
            return None
        registry.write_text(
            text.replace("</oor:items>", _SEEN.format(version) + "\n</oor:items>"), "utf-8"
        )
        with contextlib.suppress(OSError):  # another worker may have been quicker
            profile.rename(ready)  # whole or not at all
    return ready if ready.is_dir() else None


def _run(command: list[str], home: str, timeout: float) -> bool:
    """Runs LibreOffice; False when it took longer than `timeout` (it is then killed with
    every process it started)."""
    process = subprocess.Popen(  # noqa: S603 (the installed LibreOffice on our own files)
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": home},
        start_new_session=True,  # its own process group, killed whole on timeout
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return False
    return True


def to_docx(fileobj, kind: str, timeout: int = CONVERT_SECONDS) -> bytes:
    """The file converted to .docx by LibreOffice, or ConversionError in Chinese."""
    program = soffice()
    if program is None:
        raise ConversionError(
            f"服务器未安装 LibreOffice，无法转换{NAMES[kind]}文件。请在 Word 或 WPS 中"
            "“另存为” .docx 后再导入，或请管理员安装 libreoffice-writer-nogui。"
        )
    check_size(fileobj, kind)
    with tempfile.TemporaryDirectory(prefix="word-convert-") as folder:
        work = Path(folder)
        source = work / f"form{SUFFIX[kind]}"
        with source.open("wb") as out:
            fileobj.seek(0)
            shutil.copyfileobj(fileobj, out)
        (work / "out").mkdir()
        prepared = prepared_profile(program)
        if prepared is not None:  # else LibreOffice makes one, slowly (first start)
            shutil.copytree(prepared, work / "profile", symlinks=True)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",  # its own profile
            *FLAGS,
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        if not _run(command, folder, timeout):
            raise ConversionError(
                f"转换{NAMES[kind]}文件超过 {timeout} 秒仍未完成，已停止。请在 Word 或 WPS 中"
                "“另存为” .docx 后再导入。"
            )
        result = work / "out" / "form.docx"
        if not result.exists() or not result.stat().st_size:
            raise ConversionError(
                f"{NAMES[kind]}文件无法转换为 .docx（文件可能已损坏或设有密码）。请在 Word 或 WPS"
                " 中打开它，“另存为” .docx 后再导入。"
            )
        return result.read_bytes()
