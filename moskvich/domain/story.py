"""The editorial layer: which rows tell the story, and the corrections later sources make.

Only ids and our own words live here; every number shown comes from the figures table. Our words
are messages (marked with N_), translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from moskvich.base.i18n import N_

# The October 2022 news report the project started from.
REPORT_PLAN_2022 = "news20221020_plan2022_vehicles"
REPORT_PLAN_2022_EV = "news20221020_plan2022_ev"
REPORT_PLAN_2023 = "news20221020_plan2023_vehicles"
REPORT_INVESTMENT = "news20221020_kamaz_invest_rub"
REPORT_AVTOVAZ_PRICE = "news20221020_renault_avtovaz_rub"
REPORT_NISSAN_PRICE = "news20221020_nissan_eur"

# What was reported afterwards for the same years.
REPORTED_2022 = "teller20230302_2022_output"
REPORTED_2022_EV = "teller20230302_2022_ev"
REPORTED_2023_SOLD = "ifx20240222_sold2023"

# A compact timeline: (row id, short label in our words).
KEY_EVENTS = (
    ("dtnext20220517_stake", N_("Renault exits: Avtovaz stake to the state institute NAMI")),
    ("ifx20220802_stake", N_("Moscow and KAMAZ agree to run the former Renault plant")),
    ("babel20221011_nissan_eur", N_("Nissan sells its Russian business for €1")),
    ("news20221020_start_dec2022", N_("Report: production to begin in December 2022")),
    ("ifx20221123_start", N_("Assembly of the Moskvich 3 starts")),
    ("teller20230302_nationwide_sales", N_("Sales open at dealers nationwide")),
    ("mail20230822_plan2023", N_("2023 plan cut from 50,000 to 27,000")),
    ("ifx20240222_50k_dropped", N_("50,000 target for 2024 dropped")),
    ("ifx20240514_ckd", N_("Full-cycle production (welding, painting) starts")),
    ("rambler20250903_m8_sales_start", N_("Moskvich 8 reaches showrooms")),
    ("vedomosti20251015_saic", N_("Report: SAIC to replace JAC as the Chinese partner")),
    ("kommersant20251110_ceo", N_("Elena Frolova becomes chief executive")),
    ("lenta20251216_m70m90", N_("M70 and M90 production starts")),
    ("m24_20260220_umo_start", N_("The plant starts building UMO electric cars for another brand")),
    ("overclockers20260306_m_sales", N_("M70 and M90 go on sale")),
    ("ria20260311_m5_dropped", N_("Moskvich 5 abandoned after a test batch")),
)


@dataclass(frozen=True)
class Correction:
    """Where a later source corrects the October 2022 report."""

    topic: str
    claim: str  # row id of the report's statement
    corrected_by: tuple[str, ...]
    text: str


CORRECTIONS = (
    Correction(
        N_("Start of production"),
        "news20221020_start_dec2022",
        ("ifx20221123_start", "whtc20221123_kamaz_dec"),
        N_(
            "The report expected production to begin in December 2022. Serial assembly in fact started "
            "on 23 November 2022, although KAMAZ still spoke of December on launch day."
        ),
    ),
    Correction(
        N_("Buyer of Renault's Avtovaz stake"),
        "news20221020_renault_avtovaz_rub",
        ("dtnext20220517_stake", "malaymail20220427_price", "devdiscourse_202204_buyer"),
        N_(
            "The report says the Russian government bought the stake. Renault's own statement names the "
            "state automotive institute NAMI as the buyer; an early April 2022 report had named the "
            "Moscow government."
        ),
    ),
    Correction(
        N_("Price of the Moscow plant"),
        "whtc20221123_plantprice",
        ("letemps202205_plantprice", "archyde202205_renaultrussia"),
        N_(
            "Reuters reports one rouble for the Moscow plant, sold to the city of Moscow; Le Temps gives "
            "a symbolic euro instead."
        ),
    ),
)

# Investments, deals, company results and car prices for the Money page: (row id, short label).
MONEY_ITEMS = (
    ("ifx20220802_invest", N_("Moscow and KAMAZ investment")),
    ("sb202402_invest_ckd", N_("Extra investment for full-cycle production")),
    ("malaymail20220427_price", N_("Renault's Avtovaz stake")),
    ("whtc20221123_plantprice", N_("Renault's Moscow plant")),
    ("babel20221011_nissan_eur", N_("Nissan's Russian business")),
    ("ogres202205_writedown", N_("Renault's write-down on leaving Russia")),
    ("babel20221011_nissan_loss", N_("Nissan's loss on leaving Russia")),
    ("ifx20240222_revenue2023", N_("Moskvich revenue, 2023")),
    ("ifx20240222_netloss2023", N_("Moskvich net loss, 2023")),
    ("ifx20240222_debt2023", N_("Moskvich total debt, end-2023")),
    ("censor20250821_m8_price", N_("Moskvich 8 starting price, 2025")),
    ("globalballs20250813_m8_premium", N_("First Moskvich 8 sold, Premium trim")),
    ("overclockers20260306_m70_drive", N_("Moskvich M70 starting price, Drive trim, 2026")),
    ("overclockers20260306_m70_ultra", N_("Moskvich M70 starting price, Ultra trim, 2026")),
)
SYMBOLIC_PRICES = ("malaymail20220427_price", "whtc20221123_plantprice", "babel20221011_nissan_eur")
WRITEDOWNS = ("ogres202205_writedown", "babel20221011_nissan_loss", "ifx20220802_invest")

INVESTMENT = "ifx20220802_invest"
# Investment per vehicle: (label, row ids whose values add up to the vehicles, what the bar divides
# the investment by, with {n} for their number; whether they are planned). A bar says on its face
# what it divides, so that production plans, output and sales are never taken for one another.
PER_VEHICLE = (
    (N_("Planned, 2022"), ("ifx20220802_plan2022",), N_("÷ {n} planned for 2022"), True),
    (
        N_("Planned, 2022 and 2023"),
        ("ifx20220802_plan2022", "ifx20220802_plan2023"),
        N_("÷ {n} planned for 2022 and 2023"),
        True,
    ),
    (N_("Reported built, 2022"), ("teller20230302_2022_output",), N_("÷ {n} built in 2022"), False),
    (
        N_("Reported built since restart, to Nov 2023"),
        ("tass20231120_cum31000",),
        N_("÷ {n} built from the restart in Nov 2022 to 20 Nov 2023"),
        False,
    ),
    (
        N_("Reported sold, 2023"),
        ("ifx20240222_sold2023",),
        N_("÷ {n} sold in 2023 (sales, not output)"),
        False,
    ),
)
