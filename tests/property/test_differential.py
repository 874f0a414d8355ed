"""Hidden records change no public answer (domain.md "Consent": not in lists, counts, filters,
sorts; issue 5 item 6, the differential test).

The visible world is placed once, with ids of its own, and a fixed battery of public questions
is answered (tests/property/battery.py): every list with totalCount walked page by page with a
small `first` in every ordering and language (so a hidden record sorting between two visible
ones would shift a page or a cursor), each organisation's staff, the change feed; every filter
over all its values (regions and categories in groups); every visible record by id, BIN and
licence number. Then, for each example, hypothesis adds hidden records (never consenting: a
withdrawal is public in the change feed) whose values are drawn to collide with the visible
ones (equal names and dates with neighbouring ids, the same regions and categories, employment
at visible organisations and at employers outside the register, the BINs of those employers),
asks every walk again, a drawn quarter of the other questions (each asked in a quarter of
the examples: an example stays cheap) and questions about the hidden values themselves, and
removes the hidden records: every answer must be byte for byte what it was.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.property.battery import Battery, answers, ask_fields, lookups
from tests.property.hidden import Hidden, hidden_records
from tests.property.records import delete_records, insert_records
from tests.property.worlds import visible_world

WORLD = visible_world()
BATTERY = Battery.of(WORLD)
SAMPLE = len(BATTERY.fields) // 4


@pytest.fixture(scope="module")
def engine(runner: asyncio.Runner, new_engine: Callable[[], AsyncEngine]) -> AsyncEngine:
    engine = new_engine()
    runner.run(insert_records(engine, WORLD.organizations, WORLD.specialists))
    return engine


@pytest.fixture(scope="module")
def baseline(runner: asyncio.Runner, engine: AsyncEngine) -> dict[str, bytes]:
    return runner.run(answers(engine, BATTERY))


def test_the_battery_reads_the_whole_visible_world(baseline: dict[str, bytes]) -> None:
    assert baseline["errors"] == b"[]"
    everything = orjson.loads(baseline["all_o"])
    assert everything["totalCount"] == len(WORLD.organizations)
    assert orjson.loads(baseline["all_s"])["totalCount"] == len(WORLD.specialists)
    # Walks of several pages, filters that find something and filters that find nothing.
    assert len(orjson.loads(baseline["o_NAME_ASC_KK"])) >= 2
    counts = [
        orjson.loads(v)["totalCount"] for k, v in baseline.items() if re.fullmatch(r"[os]\d+", k)
    ]
    assert len(counts) > 50
    assert 0 in counts
    assert any(0 < c < len(WORLD.organizations) for c in counts)


def about(hidden: Hidden) -> dict[str, str]:
    """Questions naming the hidden records: their BINs, ids, numbers, names, employers."""
    fields = lookups(
        bins=[
            *(o.bin for o in hidden.organizations),
            *{e.employer_bin for s in hidden.specialists for e in s.form.employment},
        ],
        ids=[
            *(o.global_id for o in hidden.organizations),
            *(lic.global_id for o in hidden.organizations for lic in o.licences),
            *(s.global_id for s in hidden.specialists),
        ],
        numbers=[lic.number for o in hidden.organizations for lic in o.licences],
        specialist_ids=[s.global_id for s in hidden.specialists],
    )
    searches = [
        *(o.texts["name_kk" if i % 2 else "name_ru"] for i, o in enumerate(hidden.organizations)),
        *(o.bin for o in hidden.organizations),
    ]
    for i, text in enumerate(searches):
        fields[f"q{i}"] = (
            f"organizations(filter: {{search: {orjson.dumps(text).decode()}, status: ALL}})"
            " { totalCount nodes { id } }"
        )
    for i, s in enumerate(hidden.specialists):
        name = orjson.dumps(s.form.surname).decode()
        profession = orjson.dumps(s.form.profession_ru).decode()
        key = f"name: {name}" if i % 2 else f"profession: {profession}"
        fields[f"m{i}"] = f"specialists(filter: {{{key}}}) {{ totalCount nodes {{ id }} }}"
    return fields


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(
    hidden=hidden_records(WORLD),
    asked=st.sets(st.sampled_from(sorted(BATTERY.fields)), min_size=SAMPLE, max_size=SAMPLE),
)
def test_hidden_records_change_no_public_answer(
    runner: asyncio.Runner,
    engine: AsyncEngine,
    baseline: dict[str, bytes],
    hidden: Hidden,
    asked: set[str],
) -> None:
    questions = about(hidden)

    async def compare() -> tuple[dict[str, bytes], tuple[object, ...], tuple[object, ...]]:
        before = await ask_fields(engine, questions, {})
        await insert_records(engine, hidden.organizations, hidden.specialists)
        try:
            battery = await answers(engine, BATTERY, sorted(asked))
            after = await ask_fields(engine, questions, {})
        finally:
            await delete_records(engine, hidden.organizations, hidden.specialists)
        return battery, before, after

    battery, before, after = runner.run(compare())
    changed = {
        name: (baseline[name][:400], battery[name][:400])
        for name in battery
        if battery[name] != baseline[name]
    }
    assert not changed, f"answers that hidden records changed: {changed}"
    assert orjson.dumps(after) == orjson.dumps(before), (
        f"questions about the hidden records answered differently once they existed:\n"
        f"{questions}\nbefore: {before}\nafter: {after}"
    )
