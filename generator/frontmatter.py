"""Split `---` YAML front matter from the body, keeping a line number for every field."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Diagnostic, error

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 5000  # refuses "billion laughs" alias bombs before they expand
_scalars = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class RawDocument:
    path: str
    meta: dict
    field_lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


class _TooBig(Exception):
    pass


def _construct(node, budget: list):
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    if isinstance(node, yaml.MappingNode):
        return {_construct(k, budget): _construct(v, budget) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, budget) for item in node.value]
    try:
        return _scalars.construct_object(node)
    except ValueError:  # e.g. 2024-02-30 matches the timestamp pattern but is no date: let schema say so
        return node.value


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    if len(data) > MAX_BYTES:
        return None, [error(path, 0, "", f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit")]
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return None, [error(path, 0, "", f"NUL byte at offset {offset}: not a text file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [error(path, line, "", f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
                            "a UTF-8 text file")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _split(text: str, path: str) -> tuple[str | None, str, int, list[Diagnostic]]:
    if not text.startswith("---\n"):
        return None, text, 1, [error(path, 1, "", "no front matter", "a first line of ---, then YAML, then ---")]
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        return None, text, 1, [error(path, 1, "", "front matter is not closed", "a line of --- after the YAML")]
    yaml_text = text[4:end + 1]
    body_line = yaml_text.count("\n") + 3
    return yaml_text, text[end + 5:], body_line, []


def _parse_yaml(yaml_text: str, path: str) -> tuple[dict, dict, list[Diagnostic]]:
    try:
        root = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        lines = yaml_text.split("\n")
        tab = mark and mark.line < len(lines) and "\t" in lines[mark.line]
        reason = "a tab character (YAML indents with spaces)" if tab else (exc.problem or exc.context)
        return {}, {}, [error(path, line, "front matter", f"malformed YAML: {reason}", "valid YAML")]
    except yaml.YAMLError as exc:
        return {}, {}, [error(path, 1, "", f"malformed YAML: {exc}")]
    if root is None:
        return {}, {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, {}, [error(path, 2, "", "front matter is not a mapping of fields", "lines of `field: value`")]
    meta, lines, budget = {}, {}, [MAX_NODES]
    try:
        for key_node, value_node in root.value:
            key = str(_construct(key_node, budget))
            lines[key] = key_node.start_mark.line + 2
            meta[key] = _construct(value_node, budget)
    except _TooBig:
        return {}, {}, [error(path, 2, "", f"front matter has over {MAX_NODES} values (a YAML alias bomb?)")]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return {}, {}, [error(path, 2, "", f"malformed YAML value: {exc}")]
    return meta, lines, []


def parse_document(data: bytes, path: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """Bytes of one content file -> RawDocument, or diagnostics naming what is wrong."""
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    yaml_text, body, body_line, problems = _split(text, path)
    if yaml_text is None:
        return None, problems
    meta, lines, problems = _parse_yaml(yaml_text, path)
    if problems:
        return None, problems
    return RawDocument(path, meta, lines, body, body_line), []


def read_document(file: Path, display_path: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [error(display_path, 0, "", f"cannot read file: {exc.strerror}")]
    return parse_document(data, display_path)
