"""crmkit.data: every data set loads, typed as its card says, and bad names fail clearly."""

import pandas as pd
import pytest

from crmkit import data


def test_list_datasets_has_required_columns_and_core_tables():
    table = data.list_datasets()
    assert list(table.columns) == ["name", "rows", "description", "source", "licence"]
    assert {"customers", "orders"} <= set(table["name"])
    assert table["licence"].notna().all() and (table["licence"] != "").all()


@pytest.mark.parametrize("name", data.list_datasets()["name"].tolist())
def test_every_dataset_loads_with_card_types_and_row_count(name):
    meta = data.card(name)
    frame = data.load(name)
    assert len(frame) == meta["rows"], f"{name}: card says {meta['rows']} rows, file has {len(frame)}"
    assert list(frame.columns) == [column["name"] for column in meta["columns"]]
    for column in meta["columns"]:
        kind = column["type"]
        dtype = frame[column["name"]].dtype
        if kind in data.DATE_TYPES:
            assert dtype.kind == "M", f"{name}.{column['name']} should be a date"
        else:
            assert dtype.name == pd.api.types.pandas_dtype(kind).name, f"{name}.{column['name']}: {dtype} is not {kind}"
        assert column["description"], f"{name}.{column['name']} has no description in its card"


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError, match="valid names are: .*customers.*orders"):
        data.load("ordres")


def test_file_that_disagrees_with_its_card_is_refused(tmp_path, monkeypatch):
    (tmp_path / "toy.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "toy.md").write_text(
        "---\nname: toy\ntitle: Toy\nfile: toy.csv\ndescription: d\nsource: s\nlicence: CC0-1.0\nrows: 1\n"
        "columns:\n- {name: a, type: int64, unit: '', description: x}\n---\n# Toy\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CRMKIT_DATA_DIR", str(tmp_path))
    with pytest.raises(ValueError, match=r"unexpected columns \['b'\]"):
        data.load("toy")
