"""Split `---` YAML front matter from the body, keeping a line number for every field."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Diagnostic, error, warning

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _YAMLLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _YAMLLoader


class _Loader(_YAMLLoader):
    """YAML 1.2's plain scalars instead of 1.1's: only true/false are booleans and only plain decimals are
    numbers, so a tag or slug written NO, 9:30, 017 or 0x1F stays the text written (1.1 reads False, 570,
    15 and 31, and a long 0x… number cannot even be printed)."""


_BOOL, _INT, _FLOAT, _MERGE = (f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float", "merge"))
_Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
                                   for first, resolvers in _YAMLLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,40})$"), list("-+0123456789"))
_Loader.add_implicit_resolver(_FLOAT, re.compile(r"^[-+]?(?:[0-9]{1,40}\.[0-9]{0,40}|\.[0-9]{1,40})(?:[eE][-+]?[0-9]{1,3})?$"),
                              list("-+0123456789."))

MAX_BYTES = 1024 * 1024  # ~170,000 words, far beyond any article; bounds what a hostile file can cost
MAX_NODES = 5000  # refuses "billion laughs" alias bombs before they expand
MAX_DEPTH = 20    # front matter nests two or three levels; deep nesting overflows the C parser's stack
# Control characters (other than tab and newline) are invalid in XML feeds and never meant in prose;
# C1 ones usually mean Windows-1252 text decoded as Latin-1 somewhere upstream.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_OPENERS = "[{-:?"  # every YAML collection needs one of these, so their count bounds the nesting depth
_scalars = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class RawDocument:
    path: str
    meta: dict
    field_lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


class _Refused(Exception):
    """A value we will not construct, with the line (of the file) where it starts."""

    def __init__(self, node, message: str, expected: str = "", field_name: str = ""):
        super().__init__(message)  # node None: the problem is the whole field, reported at its key
        self.line = node.start_mark.line + 2 if node else 0
        self.message, self.expected, self.field = message, expected, field_name


def _mapping(node, budget: list, depth: int) -> dict:
    out = {}
    for key_node, value_node in node.value:
        key = _construct(key_node, budget, depth + 1)
        if key in out:
            raise _Refused(key_node, f"duplicate key {key!r}", "each key once", str(key))
        out[key] = _construct(value_node, budget, depth + 1)
    return out


# fields whose values are names as written: `tags: [3.10, true]` are the topics "3.10" and "true", not 3.1 and True
AS_WRITTEN = frozenset({"tags"})


def _scalar(node, as_written: bool = False):
    if as_written and node.tag in (_BOOL, _INT, _FLOAT) and not node.style:  # unquoted
        return node.value
    try:
        value = _scalars.construct_object(node)
    except ValueError:  # e.g. 2024-02-30 matches the timestamp pattern but is no date: let schema say so
        return node.value
    except yaml.constructor.ConstructorError:  # !!python/object and friends: never run, never built
        raise _Refused(node, f"YAML tag {node.tag!r} is not allowed", "plain text, numbers, dates, lists") from None
    finally:  # the constructor remembers every node it built: forgotten, or a large site keeps all of them (90 MB)
        _scalars.constructed_objects.clear()
    if isinstance(value, int) and value.bit_length() > 128:  # "!!int 0xFFF…": too long to print, or to mean
        raise _Refused(node, "number too long", "a number of at most 38 digits, or text in quotes")
    found = _CONTROL.search(value) if isinstance(value, str) else None
    if found:
        raise _Refused(node, f"control character U+{ord(found.group()):04X} in a value", "text without them")
    return value


def _construct(node, budget: list, depth: int = 0, as_written: bool = False):
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(None, f"front matter has over {MAX_NODES} values (a YAML alias bomb?)")
    if depth > MAX_DEPTH:  # aliases can nest deeper than the text shows
        raise _Refused(None, f"values nested over {MAX_DEPTH} levels deep", "a few levels of lists and mappings")
    if node.tag == _MERGE:  # "<<: *base" would fill in fields the file does not show; spelled out, they are seen
        raise _Refused(node, "YAML merge key '<<' is not supported", field_name="<<",
                       expected="each field written out (an alias such as `dek: *title` is fine)")
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:  # !!set, !!python/object/apply…
        raise _Refused(node, f"YAML tag {node.tag!r} is not allowed", "plain text, numbers, dates, lists")
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, budget, depth)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, budget, depth + 1, as_written) for item in node.value]
    return _scalar(node, as_written)


def _too_deep(yaml_text: str) -> int:
    """Line where nesting passes MAX_DEPTH, found from parser events (no recursion), or 0."""
    if sum(yaml_text.count(c) for c in _OPENERS) <= MAX_DEPTH:
        return 0
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 2
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:  # PyYAML >= 6.0.3 has a depth limit of its own, met while scanning ahead
        if "nesting depth" not in str(exc.problem):
            raise
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 2 if mark else 1
    return 0


def size_problem(path: str, size: int) -> Diagnostic:
    return error(path, 0, "", f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
                 "a story or source text under 1 MiB")


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    if len(data) > MAX_BYTES:
        return None, [size_problem(path, len(data))]
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return None, [error(path, 0, "", f"NUL byte at offset {offset}: not a text file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [error(path, line, "", f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
                            "a UTF-8 text file")]
    found = _CONTROL.search(_SEPARATORS.sub(" ", text))  # U+0085 is a C1 character, but read as a line separator
    if found:
        before = text[:found.start()]
        offset = len(before.encode("utf-8")) + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        return None, [error(path, before.count("\n") + 1, "", f"control character U+{ord(found.group()):04X} at "
                            f"byte offset {offset}", "text without control characters; tabs and newlines are fine")]
    return _line_separators(text.replace("\r\n", "\n").replace("\r", "\n"), path)


# YAML and str.splitlines end a line at these, editors do not: left in, every later line number would be off
_SEPARATORS = re.compile("[\u2028\u2029\x85]")


def _line_separators(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    found = _SEPARATORS.search(text)
    if not found:
        return text, []
    count = len(_SEPARATORS.findall(text))
    more = f" (and {count - 1:,} more)" if count > 1 else ""
    return _SEPARATORS.sub(" ", text), [warning(
        path, text.count("\n", 0, found.start()) + 1, "", f"line separator U+{ord(found.group()):04X}{more} read as a "
        "space", "a plain line break, or a space")]


def _split(text: str, path: str) -> tuple[str | None, str, int, list[Diagnostic]]:
    if not text.strip():
        return None, text, 1, [error(path, 1, "", "the file is empty", "front matter between --- lines, then text")]
    opening = _OPENING.match(text)
    if not opening:
        return None, text, 1, [error(path, 1, "", "no front matter", "a first line of ---, then YAML, then ---")]
    closing = _CLOSING.search(text, opening.end() - 1)
    if not closing:
        return None, text, 1, [error(path, 1, "", "front matter is not closed", "a line of --- after the YAML")]
    yaml_text = text[opening.end():closing.start() + 1]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, text[closing.end():], body_line, []


# the --- lines, with the trailing spaces an editor may leave on them
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"\n---[ \t]*(?:\n|\Z)")


def _parse_yaml(yaml_text: str, path: str) -> tuple[dict, dict, list[Diagnostic]]:
    try:
        deep = _too_deep(yaml_text)
        if deep:
            return {}, {}, [error(path, deep, "front matter", f"values nested over {MAX_DEPTH} levels deep",
                                  "a few levels of lists and mappings")]
        root = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        lines = yaml_text.split("\n")
        tab = mark and mark.line < len(lines) and "\t" in lines[mark.line]
        reason = "a tab character (YAML indents with spaces)" if tab else (exc.problem or exc.context)
        # "title: Bridge: the vote": a second ": " in a plain value
        colon = "mapping values are not allowed" in str(reason)
        return {}, {}, [error(path, line, "front matter", f"malformed YAML: {reason}",
                              "a value holding ': ' in quotes, as title: \"Bridge: the vote\"" if colon else
                              "valid YAML")]
    except yaml.YAMLError as exc:
        return {}, {}, [error(path, 1, "", f"malformed YAML: {exc}")]
    if root is None:
        return {}, {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, {}, [error(path, 2, "", "front matter is not a mapping of fields", "lines of `field: value`")]
    meta, lines, budget = {}, {}, [MAX_NODES]
    key = ""
    try:
        for key_node, value_node in root.value:
            key = ""  # a failure in the key itself is named by line only
            key = str(_construct(key_node, budget))
            if key in lines:
                raise _Refused(key_node, f"field {key!r} is given twice (first on line {lines[key]})", "each field once")
            lines[key] = key_node.start_mark.line + 2
            if isinstance(value_node, yaml.SequenceNode):  # "sources.1": where each item starts, for messages
                lines.update({f"{key}.{i}": item.start_mark.line + 2 for i, item in enumerate(value_node.value)})
            meta[key] = _construct(value_node, budget, as_written=key in AS_WRITTEN)
    except _Refused as refused:
        line = refused.line or lines.get(key) or key_node.start_mark.line + 2
        return {}, {}, [error(path, line, refused.field or key, refused.message, refused.expected)]
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # e.g. a list used as a key
        line = lines.get(key) or key_node.start_mark.line + 2
        return {}, {}, [error(path, line, key, f"malformed YAML value: {' '.join(str(exc).split())}")]
    return meta, lines, []


def parse_document(data: bytes, path: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """Bytes of one content file -> RawDocument, or diagnostics naming what is wrong."""
    text, warned = _decode(data, path)
    if text is None:
        return None, warned
    yaml_text, body, body_line, problems = _split(text, path)
    if yaml_text is None:
        return None, warned + problems
    meta, lines, problems = _parse_yaml(yaml_text, path)
    if problems:
        return None, warned + problems
    return RawDocument(path, meta, lines, body, body_line), warned


def read_limited(file: Path, display_path: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, never more than MAX_BYTES + 1 of them: a huge file is refused unread."""
    try:
        with open(file, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    except OSError as exc:
        return None, [error(display_path, 0, "", f"cannot read file: {exc.strerror}")]
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        return None, [size_problem(display_path, max(size, len(data)))]
    return data, []


def read_document(file: Path, display_path: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    data, problems = read_limited(file, display_path)
    return (None, problems) if data is None else parse_document(data, display_path)
