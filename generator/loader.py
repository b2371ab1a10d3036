"""Walk content/, parse every file, and check what spans files: refs and slugs."""
from __future__ import annotations

import dataclasses
import difflib
import datetime as dt
import os
import stat
from collections import defaultdict
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic, error, warning
from .frontmatter import MAX_BYTES, read_document, size_problem
from .model import Corpus, Source, Story, StoryStatus
from .schema import parse_source, parse_story
from .slug import slugify

# as MkDocs 1.6 (mkdocs.utils.markdown_extensions): a file with one of these endings is a Markdown page, case and all
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_markdown(name: str) -> bool:
    """MkDocs' is_markdown_file: the name ends so (".md" alone is a hidden file, left out before this is asked)."""
    return name.endswith(MARKDOWN_SUFFIXES)


def _refusal(path: Path, real_root: Path, shown: str) -> Diagnostic | None:
    """Why a file may not be read: a link leaving content/ (or broken, or looping), or too big."""
    try:
        real = path.resolve(strict=path.is_symlink())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return error(shown, 0, "", "symbolic link is broken or loops; refused", "a link to a file in the content folder")
    if real_root not in real.parents:
        return error(shown, 0, "", "symbolic link points outside the content folder; refused",
                     "files inside the content folder")
    size = path.stat().st_size if path.is_file() else 0
    return size_problem(shown, size) if size > MAX_BYTES else None  # checked before reading a byte


def walk(folder, boundary, refused: list, unreadable: list | None = None, skip_top=()):
    """os.walk(folder) as MkDocs walks docs_dir, following linked folders, less hidden folders (MkDocs leaves
    out `.*`) and skip_top's names in folder itself. A linked folder is followed only if it lands inside
    boundary and is not one the walk is already in, or holds (a loop: a -> .., or a/b -> ../b, b/a -> ../a, which
    MkDocs walks until the OS refuses); refused gets (path, "outside" or "loop") of each such link."""
    folder, boundary = str(folder), os.path.realpath(boundary)
    trail = {folder: ()}  # folder -> real paths the walk jumped from to reach it (a followed link's folder)
    for top, dirs, files in os.walk(folder, followlinks=True,
                                    onerror=unreadable.append if unreadable is not None else None):
        here, keep = trail.pop(top, ()), []
        for name in dirs:
            path = os.path.join(top, name)
            if name.startswith(".") or (top == folder and name in skip_top):
                continue
            if os.path.islink(path):  # rare: only here is anything resolved
                real, ends = os.path.realpath(path), here + (os.path.realpath(top),)
                if real != boundary and not real.startswith(boundary + os.sep):
                    refused.append((path, "outside"))
                    continue
                if any(end == real or end.startswith(real + os.sep) for end in ends):
                    refused.append((path, "loop"))
                    continue
                trail[path] = ends
            else:
                trail[path] = here
            keep.append(name)
        dirs[:] = keep
        yield top, dirs, files


def _entries(folder: Path, root: Path, unreadable: list, refused: list) -> list[str]:
    """Every file and folder under folder, as Path.rglob("*") lists them, linked folders followed (see walk),
    in the same order; as strings, since pathlib costs more than the disk at 20,000 files.
    unreadable: gets each folder that could not be listed (its files would silently vanish from the site)."""
    found = []
    for top, dirs, files in walk(folder, root, refused, unreadable):
        found += [os.path.join(top, name) for name in dirs + files]
    return sorted(found, key=lambda path: path.split(os.sep))


def _content_files(folder: Path, root: Path, project: Path) -> tuple[list[Path], list[Diagnostic]]:
    files, problems = [], []
    if not folder.is_dir():
        if os.path.lexists(folder):  # a file where the folder should be: building on would delete every page
            problems.append(error(_display(folder, project), 0, folder.name, "is not a folder",
                                  f"a folder of Markdown files, content/{folder.name}/"))
        elif folder.name == "stories":  # renamed or never made: building on would delete every story's page
            problems.append(error(_display(folder, project), 0, "stories", "folder not found",
                                  f"a folder of Markdown stories, {_display(folder, project)}/"))
        return files, problems
    real_root = root.resolve()
    inside: dict[str, bool] = {}  # folder -> it really lies inside content/: resolved once per folder, not per file

    def plain(path: str):
        """The lstat of a file that is neither a link nor under a linked folder (no need to resolve it), else None."""
        parent = os.path.dirname(path)
        if parent not in inside:
            real = Path(parent).resolve()
            inside[parent] = real == real_root or real_root in real.parents
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return info if inside[parent] and not stat.S_ISLNK(info.st_mode) else None

    unreadable: list[OSError] = []
    refused: list[tuple[str, str]] = []
    entries = _entries(folder, root, unreadable, refused)
    for path, why in refused:
        shown = _display(Path(path), project)
        if why == "outside":
            problems.append(error(shown, 0, "", "symbolic link points outside the content folder; refused",
                                  "files inside the content folder"))
        else:
            target = _display(Path(os.path.realpath(path)), project.resolve())
            problems.append(error(shown, 0, "", f"symbolic link to {target}, a folder holding it (a loop); refused",
                                  "a link to a folder inside the content folder, not above it"))
    for failure in unreadable:
        shown = _display(Path(failure.filename or folder), project)
        problems.append(error(shown, 0, folder.name, f"cannot read the folder: {failure.strerror}",
                              "a folder the build may list (its files would be left out)"))
    prefix = len(str(folder)) + 1
    for name in entries:
        if name[prefix:].startswith(".") or f"{os.sep}." in name[prefix:]:
            continue  # hidden: editor locks (.#x.md), macOS ._x.md, .git: never content, never an error
        info, base = plain(name), os.path.basename(name)
        if info is not None and stat.S_ISDIR(info.st_mode):
            continue  # a plain folder: its files are listed too
        if info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:  # the common case
            is_file, refusal = True, None
        else:
            shown = _display(Path(name), project)
            if info is not None:
                is_file = stat.S_ISREG(info.st_mode)
                refusal = size_problem(shown, info.st_size) if is_file and info.st_size > MAX_BYTES else None
            else:
                refusal = _refusal(Path(name), real_root, shown)
                is_file = refusal is None and Path(name).is_file()
        if refusal:
            problems.append(refusal)
        elif is_file and is_markdown(base):  # hidden files (".md" alone) were left out above
            files.append(Path(name))
        elif is_file:
            shown = _display(Path(name), project)
            problems.append(warning(shown, 0, "", "not a .md file; ignored", "Markdown files ending in .md here; "
                                    "images and other files in a folder of the content outside stories/ and "
                                    "sources/ (content/img/), which the site publishes"))
        elif info is not None and not stat.S_ISDIR(info.st_mode):  # a FIFO, a socket, a device: never read
            problems.append(warning(_display(Path(name), project), 0, "", "not a regular file; ignored",
                                    "Markdown files ending in .md"))
    return files, problems


def _display(path: Path, project: Path) -> str:
    text, base = str(path), str(project)
    if text.startswith(base) and text[len(base):len(base) + 1] == os.sep:  # the common case, without pathlib
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


def read_parsed(file: Path, shown: str, parse=None, salt: str = ""):
    """Read and validate one file, uncached: (record or None, problems). The build passes a cached reader."""
    raw, problems = read_document(file, shown)
    if parse is None or raw is None:
        return raw, problems
    record, more = parse(raw)
    return record, problems + more


# Stories are validated as if it were the end of time (so never "scheduled"), which lets a validated story be
# cached whatever the clock says; the loader then schedules those dated after `now`.
_LATEST = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _prime(read, files, config: SiteConfig, parse, salt: str) -> None:
    """A cached reader parses the files it does not know all at once, in a pool (cache.DocumentReader.prime)."""
    if hasattr(read, "prime"):
        read.prime(files, lambda path: _display(path, config.project_dir), parse, salt)


def _load_sources(config: SiteConfig, files, problems, read=read_parsed) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    folded: set[str] = set()
    parse = lambda raw: parse_source(raw, config.tz)
    _prime(read, files, config, parse, f"source {config.tz}")
    for path in files:
        source, found = read(path, _display(path, config.project_dir), parse, f"source {config.tz}")
        problems.extend(found)
        twin = next((s for s in sources.values() if source and s.id.casefold() == source.id.casefold()), None) \
            if source and source.id.casefold() in folded else None
        if source and source.id in sources:
            problems.append(error(source.path, 1, "id", f"source id {source.id!r} also used by {sources[source.id].path}"))
        elif twin:  # sources/X/ and sources/x/ are one folder on macOS and Windows
            problems.append(error(source.path, 1, "id", f"source id {source.id!r} differs only in case from "
                                  f"{twin.path}", "ids that differ in letters, not only in case"))
        elif source:
            sources[source.id] = source
            folded.add(source.id.casefold())
    return sources


def _load_stories(config: SiteConfig, files, problems, now, read=read_parsed) -> list[Story]:
    stories = []
    parse = lambda raw: parse_story(raw, config.tz, _LATEST)
    _prime(read, files, config, parse, f"story {config.tz}")
    for path in files:
        story, found = read(path, _display(path, config.project_dir), parse, f"story {config.tz}")
        problems.extend(found)
        if story:
            if story.status is StoryStatus.PUBLISHED and story.date > now:
                story = dataclasses.replace(story, status=StoryStatus.SCHEDULED)
            elif story.status is StoryStatus.PUBLISHED:
                problems.extend(_future_changes(story, now, config))
            stories.append(story)
    return stories


def _future_changes(story: Story, now: dt.datetime, config: SiteConfig) -> list[Diagnostic]:
    """An update or correction dated after the build is shown at once, and feeds and the sitemap would tell
    readers and crawlers it happened then: most likely a typo in the year."""
    found = []
    changes = [("updated", story.updated_line, story.updated)] + \
              [("corrections.date", story.corrections_line, c.date) for c in story.corrections]
    for name, line, when in changes:
        if when is not None and when > now:
            found.append(warning(story.path, line, name, f"{when.astimezone(config.tz).date().isoformat()} is in "
                                 "the future; the page and feeds show it already", "the date the change was made"))
    return found


def _check_refs(stories, sources, problems, files=None):
    """files: source id -> shown path of every source file, so that a ref to one that failed its own checks says so."""
    stems = files or {}
    for story in stories:
        for ref in story.sources:
            if not ref.source_id or ref.source_id in sources:
                continue
            if ref.source_id in stems:
                message = f"source {ref.source_id!r} has errors of its own (reported for its file)"
                expected = f"{stems[ref.source_id]} fixed"
            else:
                close = difflib.get_close_matches(ref.source_id, list(sources), n=1, cutoff=0.6)
                message = f"no source {ref.source_id!r} in content/sources"
                expected = f"one of: {', '.join(sorted(sources)[:5]) or 'no sources exist yet'}"
                expected = f"{close[0]!r}, the closest id; or {expected}" if close else expected
            problems.append(error(story.path, ref.line, "sources.ref", message, expected))


def _check_slugs(stories, problems) -> list[Story]:
    """Every file that claims one slug is named in one message; none of them is built."""
    claims = defaultdict(list)
    for story in stories:
        claims[story.slug].append(story)
    for slug, owners in claims.items():
        if len(owners) > 1:
            paths = ", ".join(s.path for s in owners)
            for story in owners:
                problems.append(error(story.path, story.slug_line, "slug", f"slug {slug!r} is claimed by {len(owners)} stories: {paths}",
                                      "a unique slug per story"))
    return [s for s in stories if len(claims[s.slug]) == 1]


def _spellings_that_meet(uses, problems, field: str, kind: str, page: str, expected: str) -> None:
    """uses: (path, line, name). Names whose slugs meet share one page: fine for 'Russia' and 'russia', a
    surprise for 'C' and 'C#' or 'Le Monde' and 'Le Mönde'. Each spelling is named once, at its first file."""
    spellings: dict = defaultdict(dict)   # slug -> spelling (case and spacing aside) -> (path, line, name)
    for path, line, name in sorted(uses):
        spellings[slugify(name)].setdefault(" ".join(name.split()).casefold(), (path, line, name))
    for slug, found in spellings.items():
        if len(found) > 1:
            for path, line, name in found.values():
                others = ", ".join(repr(n) for _, _, n in found.values() if n != name)
                problems.append(warning(path, line, field, f"{kind} {name!r} shares {page} ({slug!r}) with {others}",
                                        expected))


def _check_tag_spellings(stories, problems) -> None:
    _spellings_that_meet([(s.path, s.tags_line, t) for s in stories for t in s.tags], problems, "tags", "tag",
                         "one topic page", "tags that differ in more than case to differ in letters or digits")


def _check_publisher_spellings(stories, sources, problems) -> None:
    uses = [(s.path, s.publisher_line, s.publisher) for s in sources.values()]
    uses += [(story.path, ref.line, ref.publisher) for story in stories for ref in story.sources if ref.publisher]
    _spellings_that_meet(uses, problems, "publisher", "publisher", "one page", "one spelling per publisher")


def ordinary_pages(config: SiteConfig) -> list[str]:
    """Markdown under content/ but outside stories/ and sources/: MkDocs pages (an About page), which only
    `mkdocs build` makes. Shown paths, sorted."""
    found = []
    for top, dirs, files in walk(config.content_path, config.project_dir, [], skip_top=("stories", "sources")):
        found += [_display(Path(top) / name, config.project_dir) for name in files
                  if is_markdown(name) and not name.startswith(".")]
    return sorted(found)


def newest_first(stories):
    return tuple(sorted(stories, key=lambda s: (s.date, s.slug), reverse=True))


def load_corpus(config: SiteConfig, now: dt.datetime | None = None,
                read=read_parsed) -> tuple[Corpus, list[Diagnostic]]:
    """read(file, shown_path, parse, salt) -> (record | None, diagnostics): see read_parsed; the build passes a
    cached reader (cache.DocumentReader)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    problems: list[Diagnostic] = []
    content = config.content_path
    if not content.is_dir():
        return Corpus((), {}), [error(_display(content, config.project_dir), 0, "docs_dir", "content folder not found")]
    source_files, found = _content_files(content / "sources", content, config.project_dir)
    problems += found
    story_files, found = _content_files(content / "stories", content, config.project_dir)
    problems += found
    sources = _load_sources(config, source_files, problems, read)
    stories = _load_stories(config, story_files, problems, now, read)
    _check_refs(stories, sources, problems, {f.stem: _display(f, config.project_dir) for f in source_files})
    stories = _check_slugs(stories, problems)
    _check_tag_spellings([s for s in stories if s.status is not StoryStatus.DRAFT], problems)
    _check_publisher_spellings([s for s in stories if s.status is not StoryStatus.DRAFT], sources, problems)
    return Corpus(newest_first(stories), sources), problems
