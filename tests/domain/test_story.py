from moskvich.dataset.load import load_dataset
from moskvich.domain import story


def test_every_story_row_is_in_the_data():
    ids = set(load_dataset().figures["id"])
    referenced = {
        story.REPORT_PLAN_2022,
        story.REPORT_PLAN_2022_EV,
        story.REPORT_PLAN_2023,
        story.REPORT_INVESTMENT,
        story.REPORT_AVTOVAZ_PRICE,
        story.REPORT_NISSAN_PRICE,
        story.REPORTED_2022,
        story.REPORTED_2022_EV,
        story.REPORTED_2023_SOLD,
        story.INVESTMENT,
        *(i for i, _ in story.KEY_EVENTS),
        *(i for i, _ in story.MONEY_ITEMS),
        *story.SYMBOLIC_PRICES,
        *story.WRITEDOWNS,
        *(i for _, group, _, _ in story.PER_VEHICLE for i in group),
        *(c.claim for c in story.CORRECTIONS),
        *(i for c in story.CORRECTIONS for i in c.corrected_by),
    }
    assert referenced - ids == set()


def test_money_items_are_in_money_units():
    figures = load_dataset().figures.set_index("id")
    for figure_id, _ in story.MONEY_ITEMS:
        assert figures.loc[figure_id, "unit"] in {"RUB", "USD", "EUR", "CNY"}
