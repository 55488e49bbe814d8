"""The data world: regenerating it reproduces the committed files byte for byte, and it looks like a real shop."""

import filecmp

import pytest

from crmkit import synth
from crmkit.data import data_dir, load


def test_regenerated_files_are_identical_to_the_committed_ones(tmp_path):
    written = synth.write(tmp_path)
    assert written, "the generator wrote nothing"
    for path in written:
        committed = data_dir() / path.name
        assert committed.exists(), f"{path.name} is generated but not committed in datasets/"
        assert filecmp.cmp(path, committed, shallow=False), f"datasets/{path.name} differs from what the generator makes"


def test_families_write_distinct_tables():
    names = [spec.name for module in synth.families().values() for spec in module.SPECS]
    assert len(names) == len(set(names)), f"two families make the same table: {names}"


def test_unknown_family_is_named():
    with pytest.raises(ValueError, match="unknown table families"):
        synth.generate(families=["retial"])


def test_orders_reference_known_customers_and_fall_in_the_window():
    customers = load("customers")
    orders = load("orders")
    assert orders["customer_id"].isin(customers["customer_id"]).all()
    assert orders["order_id"].is_unique and customers["customer_id"].is_unique
    assert orders["order_date"].min() >= customers["signup_date"].min()
    assert str(orders["order_date"].max().date()) <= "2025-12-31"
    first_order = orders.groupby("customer_id")["order_date"].min()
    signup = customers.set_index("customer_id").loc[first_order.index, "signup_date"]
    assert (first_order >= signup).all(), "a customer bought before registering"
    assert (orders["amount"] > 0).all() and (orders["discount"] >= 0).all()


def test_the_shop_has_realistic_skew_one_timers_and_lapsed_customers():
    customers = load("customers")
    orders = load("orders")
    per_customer = orders.groupby("customer_id")
    revenue = per_customer["amount"].sum().sort_values(ascending=False)
    top_fifth = revenue.head(len(revenue) // 5).sum() / revenue.sum()
    assert 0.55 < top_fifth < 0.85, f"top 20% bring {top_fifth:.0%} of revenue"
    one_timers = (per_customer.size() == 1).mean()
    assert 0.25 < one_timers < 0.60, f"{one_timers:.0%} one-time buyers"
    never = 1 - orders["customer_id"].nunique() / len(customers)
    assert 0.05 < never < 0.35, f"{never:.0%} never bought"
    lapsed = (per_customer["order_date"].max() < "2025-01-01").mean()
    assert lapsed > 0.2, f"only {lapsed:.0%} lapsed for a year"
    by_promotion = orders.groupby("promotion")["order_date"].nunique()
    daily = orders.groupby("promotion").size() / by_promotion
    assert daily["Double 11"] > 2 * daily["none"], "Double 11 days should be busier than ordinary days"
