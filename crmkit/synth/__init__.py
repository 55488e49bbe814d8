"""A seeded generator of the fictional retailer's linked tables.

The data world is one online shop, Yuchuan Tea & Home (玉川茶居), selling tea,
teaware and home goods on a Chinese e-commerce platform from 2023 to 2025.
Each *table family* is a module in this package (``retail`` makes customers and
orders, later chapters add their own) with:

- ``FAMILY``: its name; ``REQUIRES``: tables of other families it reads;
- ``SPECS``: one :class:`~crmkit.synth._base.TableSpec` per table it makes;
- ``PARAMS``: a frozen dataclass of ground-truth parameters;
- ``generate(rng, tables, params=PARAMS)``: returns ``{table name: DataFrame}``.

Run ``python -m crmkit.synth`` to rewrite every data file and card in ``datasets/``.

Examples
--------
>>> from crmkit import synth
>>> tables = synth.generate(families=["retail"])
>>> sorted(tables)
['customers', 'orders']
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pandas as pd

from crmkit.synth._base import DEFAULT_SEED, render_card, rng_for, write_table

__all__ = ["DEFAULT_SEED", "families", "generate", "write"]


def families() -> dict[str, ModuleType]:
    """Return the table-family modules, ordered so each comes after those it reads from."""
    modules = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "SPECS"):
            modules[module.FAMILY] = module
    producer = {spec.name: family for family, module in modules.items() for spec in module.SPECS}
    ordered: dict[str, ModuleType] = {}

    def visit(family: str, path: tuple[str, ...]) -> None:
        if family in ordered:
            return
        if family in path:
            raise ValueError(f"table families depend on each other in a cycle: {' -> '.join(path + (family,))}")
        for table in modules[family].REQUIRES:
            if table not in producer:
                raise ValueError(f"family {family!r} requires table {table!r}, which no family makes")
            visit(producer[table], path + (family,))
        ordered[family] = modules[family]

    for family in sorted(modules):
        visit(family, ())
    return ordered


def generate(seed: int = DEFAULT_SEED, families: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Generate the tables of the data world.

    Parameters
    ----------
    seed : int
        The master seed; each family derives its own stream from it.
    families : list of str, optional
        Only these families (and those they depend on). Default: all.

    Returns
    -------
    dict of str to pandas.DataFrame
        Every generated table by name.
    """
    available = globals()["families"]()
    wanted = set(available) if families is None else set(families)
    unknown = wanted - set(available)
    if unknown:
        raise ValueError(f"unknown table families {sorted(unknown)}; valid: {sorted(available)}")
    producer = {spec.name: name for name, module in available.items() for spec in module.SPECS}
    needed = set()
    stack = list(wanted)
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack.extend(producer[table] for table in available[name].REQUIRES)
    tables: dict[str, pd.DataFrame] = {}
    for name, module in available.items():
        if name in needed:
            made = module.generate(rng_for(seed, name), tables)
            tables.update(made)
    return tables


def write(out_dir: Path, seed: int = DEFAULT_SEED, families: list[str] | None = None) -> list[Path]:
    """Generate tables and write each as ``<name>.csv`` with its card ``<name>.md``.

    Returns the paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = generate(seed, families)
    written = []
    for family, module in globals()["families"]().items():
        for spec in module.SPECS:
            if spec.name not in tables or (families is not None and family not in families):
                continue
            frame = tables[spec.name]
            csv_path = out_dir / f"{spec.name}.csv"
            card_path = out_dir / f"{spec.name}.md"
            write_table(frame, csv_path)
            card_path.write_text(render_card(spec, frame, family, seed, module.PARAMS), encoding="utf-8")
            written += [csv_path, card_path]
    return written
