"""Typical wrong answers, one or more per auto-graded question, for tests/test_exercises.py.

Each entry maps a set and a question to the answer variables a student might get wrong, each as a
Python expression evaluated in the namespace of the executed solution (so it can reuse the solution's
intermediate tables). The public check of the question must fail on them, with a message that quotes
no line of the solution. Many of them are also recognised by the check, which then names the mistake.
"""

WRONG: dict[str, dict[str, dict[str, str]]] = {
    "ch01-what-is-crm-exercises": {
        "q1": {"crm_types": '{**crm_types, "c": "operational", "f": "operational"}'},
        "q2": {"share_of_customer": 'float(orders.loc[orders["customer_id"] == "C00009", "amount"].sum() / 4000)'},
        "q3": {"retention_rate": "len(buyers_2024 & buyers_2025) / len(buyers_2025)"},
        "q4": {"gain_at_80": "gain_at_80 + 1"},
        "q5": {"usable_phones": 'int(tickets["phone"].notna().sum())'},
        "q6": {"contact_match_rate": 'float(contact_links["customer_id"].nunique() / len(contacts))'},
        "q7": {"customers_reached": 'int(contact_links["customer_id"].notna().sum())'},
        "q9": {"definition_of": '{**definition_of, "a": "IBM", "b": "Hurwitz"}'},
        "q10": {"one_time_share": "float((orders_per_customer == 1).mean())"},
        "q11": {"promotion_day_ratio": 'float((orders["promotion"] != "none").sum() / (orders["promotion"] == "none").sum())'},
        "q12": {"callers_per_agent": 'len(calls) / shifts["agent_id"].nunique()', "clerks_needed": "clerks_needed - 1"},
    },
    "ch02-clv-exercises": {
        "q1": {"cost_platform_ad": 'clv.acquisition_cost(spend.loc[(spend["month"].dt.year == 2024) & (spend["channel"] == "platform_ad"), "spend"].sum(), ((customers["signup_date"].dt.year == 2024)).sum())'},
        "q2": {"clv_2024": "clv_2024 / 0.4"},
        "q3": {"value_multiple": "250 * 0.6 / (1 - 0.6)"},
        "q4": {"p_alive_4_20": 'float(clv.BetaGeo().fit(*[clv.summarise_transactions(cdnow, "customer_id", "date", freq="D", observation_end="1997-09-30")[c] for c in ("frequency", "recency", "T")]).p_alive(4, 20, 39)[0])'},
        "q5": {"alpha_hat": "alpha_hat * 7"},
    },
    "ch02-customer-analysis-exercises": {
        "q1": {"top_tenth": "seg.top_share(revenue, share=0.2)"},
        "q2": {"champions_555": 'int((scores["R"] == 5).sum())'},
        "q3": {"a_customers": 'int((seg.abc_classes(revenue) != "C").sum())'},
        "q4": {"lost_mid_2025": 'int((seg.relationship_stage(customers, orders, as_of="2025-12-31") == "lost").sum())'},
        "q5": {"most_important": 'seg.importance_score(criteria.assign(activity=rfm["recency_days"]), {"revenue": 2, "orders": 1, "activity": 1}).idxmax()'},
        "q6": {"quality_customers": "int((need & intensity & active).sum())"},
        # issue 13: a goal and a baseline per type; the profit source; word of mouth
        "q8": {"stage_baseline": 'pd.Series(stages_june.index.isin(orders.loc[orders["order_date"].dt.year == 2025, "customer_id"]), index=stages_june.index).groupby(stages_june, observed=True).mean().to_dict()'},
        "q9": {"loyal_revenue_share": 'float((stages_june == "loyal").mean())'},
        "q10": {"referral_saving": 'acquisition_spend["platform_ad"] - acquisition_spend["referral"]'},
    },
    "ch03-customer-information-exercises": {
        "q1": {"fixed_form": '[dict(field, sensitive=False) for field in fixed_form]'},
        "q2": {"reviews_sql": 'reviews_sql.replace("CHECK (stars BETWEEN 1 AND 5)", "")'},
        "q3": {"q3_sql": 'q3_sql.replace("WHERE year(o.order_date) = 2025 ", "")'},
        "q4": {"indirect_linked": 'int(links["customer_id"].notna().sum())'},
        "q5": {"tier1_mid_2024": 'int(con.execute("SELECT count(*) FROM customers WHERE NOT erased AND signup_date <= DATE \'2024-06-30\' AND city_tier = 1").fetchone()[0])'},
        "q6": {"single_teaware": 'float((items["life_stage"] == "single").mul(items["category"] == "teaware").sum() / (items["life_stage"] == "single").sum())'},
        "q7": {"traces_left": '{"orders.customer_id": 1}'},
        "q8": {"costly_buyers": "costly_buyers - 15"},
    },
    "ch04-customer-satisfaction-exercises": {
        "q1": {"my_questionnaire": 'my_questionnaire[my_questionnaire["block"] != "nps"]'},
        "q2": {"speeders_excluded": 'int(((log["action"] == "excluded") & (log["rule"] == "speeder")).sum())'},
        "q3": {"service_alpha": 'survey.cronbach_alpha(clean[["service_1", "service_2", "service_3"]].astype("float64").dropna())'},
        "q4": {"tier1_nps": "tier1_nps / 100"},
        "q5": {"csi": "1 + 6 * csi / 100"},
        "q6": {"largest_gap": 'gap_table["gap"].idxmax()'},
        "q7": {"top_box_rate": "100 * top_box_rate"},
        "q8": {"brewing_category": 'counts.reindex(list("AOMI"), fill_value=0).sort_values().index[-2]'},
        # issue 13: a satisfaction factor (S4.1) and the levers of perceived value (S4.3)
        "q10": {"delivery_short_difference": "-delivery_short_difference"},
        "q11": {"best_lever": 'priced["change"].idxmax()'},
    },
    "ch05-loyalty-exercises": {
        "q1": {"repeat_share_2023": "loyalty.repeat_buyer_share(orders[first_order.dt.year == 2023])",
               "purchases_2023": "loyalty.purchases_per_customer(orders[first_order.dt.year == 2023])"},
        "q2": {"latent_count": 'int((segments == "inertia").sum())'},
        "q3": {"share_month_10": "float(box.survival(10)) * 500"},
        "q4": {"diamond_threshold": 'float(active["growth_value"].quantile(0.90))'},
        "q5": {"deferred_points": "250_000 * 0.01 * 0.60"},
        "q6": {"a_minus_b": "-a_minus_b"},
        "q8": {"b_silver_reach": 'float((spend_2025 >= silver_b["threshold"]).mean())'},
        "q9": {"c_top_cost_share": 'float(c_top["benefit_cost"] / scores.loc[scores["design"] == "C", "spend"].sum())',
               "cheapest_design": '"B"'},
    },
    "ch06-campaign-exercises": {
        "q1": {"declining": 'int((campaign.lifecycle_stages(orders, "2025-12-31")["stage"] == "decline").sum())'},
        "q2": {"visit_change": "visit_change + 1"},
        "q3": {"textbook_roi": "textbook_roi / 100"},
        "q4": {"push": 'campaign.lift(hold_out["converted"].sum(), len(hold_out), by_push["converted"].sum(), len(by_push))'},
        "q5": {"needed_per_group": "2 * needed_per_group"},
        "q6": {"break_even": "campaign.break_even_rate(0.05 + 0.054 * 20, 150)"},
        "q7": {"price_per_extra_order": 'cost_md / treated_md["converted"].sum()'},
        "q8": {"plan_incremental_profit": "plan_incremental_profit + 500"},
    },
    "ch06-purchase-psychology-exercises": {
        "q1": {"excess_share_20": "float(((offer_values >= 299) & (offer_values < 319)).mean())"},
        "q2": {"anchor": 'inference.lift(*arm_counts.loc[("was_now", "holdout")], *arm_counts.loc[("was_now", "message")])'},
        "q3": {"claims": '{"was_now": "raised", "low_stock": "not distinguishable", "countdown": "raised"}'},
        "q4": {"chosen_threshold": "349.0"},
        "q5": {"break_even_saving": "top_up_value / qualifying_baskets"},
    },
    "ch07-call-centre-exercises": {
        "q1": {"sl_double11": 'float(((~calls.loc[calls["arrival_time"].dt.strftime("%Y-%m-%d") == "2025-11-11", "abandoned"]) & (calls.loc[calls["arrival_time"].dt.strftime("%Y-%m-%d") == "2025-11-11", "queue_seconds"] <= 20)).mean())'},
        "q2": {"traffic": "60 * 240 / 3600"},
        "q3": {"total_scheduled": 'int(plan["agents"].sum())'},
        "q4": {"fcr": "float(1 - callcentre.repeat_calls(answered).mean())"},
        "q5": {"agents_c": "agents_a", "agents_a": "agents_c"},
        "q7": {"cost_per_answered": 'float(len(shifts) * 8 * 45 / answered_calls)'},
        "q8": {"containment_b": 'float(design_b["self_service"].mean())'},
        "q9": {"abandon_difference": "-result.absolute"},
    },
    "ch08-customer-service-exercises": {
        "q1": {"rate_promotion": "100 * rate_promotion"},
        "q2": {"chat_within_target": 'float((complaints["first_response_minutes"] <= 30).mean())'},
        "q3": {"largest_gap_dimension": 'str(gaps["gap"].idxmax())'},
        "q4": {"rate_satisfied": 'float(complaints.assign(again=again.astype("float64").fillna(0)).loc[complaints["recovery_satisfied"], "again"].mean())'},
    },
}
