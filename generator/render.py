"""Jinja rendering: strict, escaped, and template errors reported with file and line."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from .errors import BuildFailed, error
from .theme import theme_folders


@dataclass(frozen=True)
class Output:
    path: str    # relative to the site root, POSIX
    data: bytes


@lru_cache(maxsize=4)
def environment(templates_dir: str) -> jinja2.Environment:
    """The site's templates, falling back to the built-in theme's for any it does not have."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in theme_folders(Path(templates_dir))]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # every build starts with a new environment (build.py clears this cache), so a template cannot change
        # under it: no stat of each template file on every page rendered
        auto_reload=False,
    )


def warm(templates_dir: Path) -> None:
    """Compile every HTML template before worker processes fork: each would otherwise compile its own copy,
    once per batch of a large build. A template that fails is left for render() to report."""
    env = environment(str(templates_dir))
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - reported, with its line, when a page uses it
            pass


def _template_line(exc: Exception, name: str) -> int:
    tb = exc.__traceback__
    line = 0
    while tb:  # Jinja rewrites tracebacks so frames of templates carry the template's file and line
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(spec, templates_dir: Path) -> Output:
    """Render one PageSpec; any template error becomes a diagnostic naming the template and line."""
    name = spec.template
    shown = f"{templates_dir.name}/{name}"
    try:
        template = environment(str(templates_dir)).get_template(name)
        html = template.render(view=spec.view, page=spec.view.page)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildFailed([error(f"{templates_dir.name}/{exc.name or name}", exc.lineno, "", exc.message or "syntax error")])
    except jinja2.TemplateNotFound as exc:
        raise BuildFailed([error(shown, 0, "", f"template {exc.name!r} not found")])
    except BuildFailed:
        raise
    except RecursionError as exc:  # {% include %} of itself, a macro calling itself for ever
        raise BuildFailed([error(shown, _template_line(exc, name), "", "the template includes, extends or calls "
                                 "itself without end", f"while rendering {spec.path}")])
    except Exception as exc:  # a site's own template can fail in any way ({{ 1/0 }}): never a traceback
        raise BuildFailed([error(shown, _template_line(exc, name), "", f"{type(exc).__name__}: {exc}",
                                 f"while rendering {spec.path}")])
    return Output(spec.path, html.encode("utf-8"))


def produce(item, texts, marks, templates_dir: Path) -> bytes:
    """The bytes of one planned output: its view rendered through its template, or the bytes it made itself."""
    made = item.make(texts, marks)
    return made if isinstance(made, bytes) else render(made, templates_dir).data
