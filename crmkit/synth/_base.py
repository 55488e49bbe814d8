"""Shared pieces of the generator: table specifications, seeding and data cards."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

#: The seed the committed data sets were made with (the date of a 618 festival).
DEFAULT_SEED = 20240618

#: The shop every table describes.
SHOP = "Yuchuan Tea & Home (玉川茶居)"


@dataclass(frozen=True)
class Column:
    """One column of a generated table, as its data card documents it."""

    name: str
    type: str
    description: str
    unit: str = ""


@dataclass(frozen=True)
class TableSpec:
    """What a data card says about a table besides its ground truth."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    notes: str = ""
    licence: str = "CC0-1.0"


def rng_for(seed: int, family: str) -> np.random.Generator:
    """Return the random generator of one table family.

    Each family draws from its own stream, derived from the seed and the
    family's name, so adding or changing one family never changes another's data.

    Examples
    --------
    >>> a = rng_for(1, "retail").integers(1000)
    >>> b = rng_for(1, "retail").integers(1000)
    >>> bool(a == b)
    True
    """
    return np.random.default_rng([seed, zlib.crc32(family.encode("utf-8"))])


def ground_truth_rows(params: object) -> list[tuple[str, object, str]]:
    """List a parameter dataclass as (name, value, meaning) rows for a data card.

    The meaning of each field is the ``help`` entry of its ``metadata``.
    """
    rows = []
    for field in fields(params):
        rows.append((field.name, getattr(params, field.name), field.metadata.get("help", "")))
    return rows


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV in the one byte-stable format the tests compare."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            times = out[column]
            present = times.dropna()
            has_time = bool(((present - present.dt.normalize()) != pd.Timedelta(0)).any())
            out[column] = times.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
    out.to_csv(path, index=False, lineterminator="\n")


SPHINX_ROLE = re.compile(r":(?:func|data|class|mod|meth|attr):`~?([^`]+)`")


def _markdown(text: str) -> str:
    """Docstring text for a Markdown page: a Python role (``:func:`x```) becomes a code span (`` `x` ``).

    >>> _markdown("see :func:`crmkit.campaign.lifecycle_stages` and :data:`PARAMS`")
    'see `crmkit.campaign.lifecycle_stages` and `PARAMS`'
    """
    return SPHINX_ROLE.sub(r"`\1`", text)


def _cell(text: object) -> str:
    """Text for a Markdown table cell: a vertical bar is escaped, or it would end the cell."""
    return _markdown(str(text)).replace("|", "\\|")


def render_card(spec: TableSpec, frame: pd.DataFrame, family: str, seed: int, params: object | None) -> str:
    """Render a table's data card: YAML front matter, then a readable page."""
    names = [column.name for column in spec.columns]
    if list(frame.columns) != names:
        raise ValueError(f"table {spec.name!r} has columns {list(frame.columns)}, its spec says {names}")
    meta = {
        "name": spec.name,
        "title": spec.title,
        "file": f"{spec.name}.csv",
        "description": spec.description,
        "source": f"Synthetic: crmkit.synth family '{family}', seed {seed}",
        "licence": spec.licence,
        "rows": int(len(frame)),
        "columns": [
            {"name": c.name, "type": c.type, "unit": c.unit, "description": c.description} for c in spec.columns
        ],
    }
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).rstrip(), "---", ""]
    lines += [f"# {spec.title}", "", _markdown(spec.description), ""]
    lines += [f"A table of {SHOP}, the fictional online shop that runs through the book.", ""]
    lines += [f"- File: `datasets/{spec.name}.csv`, {len(frame):,} rows; load it with `crmkit.data.load(\"{spec.name}\")`."]
    lines += [f"- Source: synthetic, made by `python -m crmkit.synth` (family `{family}`, seed {seed})."]
    lines += [f"- Licence: {spec.licence}.", ""]
    lines += ["## Columns", "", "| column | type | unit | meaning |", "|---|---|---|---|"]
    for column in spec.columns:
        lines.append(f"| `{column.name}` | {column.type} | {_cell(column.unit)} | {_cell(column.description)} |")
    lines.append("")
    if spec.notes:
        lines += ["## How it was generated", "", _markdown(spec.notes.strip()), ""]
    if params is not None:
        lines += ["## Ground truth", "", "The generator's parameters, which exercises ask you to recover.", ""]
        lines += ["| parameter | value | meaning |", "|---|---|---|"]
        for name, value, meaning in ground_truth_rows(params):
            lines.append(f"| `{name}` | {_cell(value)} | {_cell(meaning)} |")
        lines.append("")
    return "\n".join(lines)
