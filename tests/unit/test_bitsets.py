"""Multi-valued register columns as integer bit sets."""

from __future__ import annotations

from itertools import combinations

import pytest

from domain.register import ClientCategory, ServiceCondition
from storage.bitsets import from_mask, to_mask

SUBSETS = [
    subset
    for size in range(len(ServiceCondition) + 1)
    for subset in combinations(ServiceCondition, size)
]


@pytest.mark.parametrize(
    "subset", SUBSETS, ids=["+".join(m.name for m in s) or "empty" for s in SUBSETS]
)
def test_every_subset_of_service_conditions_survives_a_round_trip(
    subset: tuple[ServiceCondition, ...],
) -> None:
    mask = to_mask(subset)
    assert from_mask(ServiceCondition, mask) == list(subset)
    assert to_mask(reversed(subset)) == mask


def test_the_16_subsets_of_service_conditions_have_16_distinct_masks() -> None:
    assert len(SUBSETS) == 16
    assert {to_mask(s) for s in SUBSETS} == set(range(16))


def test_the_empty_set_is_zero() -> None:
    assert to_mask([]) == 0
    assert from_mask(ServiceCondition, 0) == []
    assert from_mask(ClientCategory, 0) == []


def test_a_repeated_member_sets_its_bit_once() -> None:
    assert to_mask([ServiceCondition.HOME, ServiceCondition.HOME]) == to_mask(
        [ServiceCondition.HOME]
    )


# Stored masks depend on these positions: members may be appended, never reordered.
@pytest.mark.parametrize(
    ("member", "bit"),
    [
        (ServiceCondition.INPATIENT, 0),
        (ServiceCondition.SEMI_INPATIENT, 1),
        (ServiceCondition.HOME, 2),
        (ServiceCondition.TEMPORARY_STAY, 3),
        (ClientCategory.CHILDREN_PSYCHONEUROLOGICAL, 0),
        (ClientCategory.CHILDREN_MUSCULOSKELETAL, 1),
        (ClientCategory.ADULTS_PSYCHONEUROLOGICAL, 2),
        (ClientCategory.DISABILITY_GROUPS_1_2, 3),
        (ClientCategory.ELDERLY_NO_SELF_CARE, 4),
        (ClientCategory.HOMELESS, 5),
        (ClientCategory.RELEASED_OR_PROBATION, 6),
        (ClientCategory.DOMESTIC_VIOLENCE_VICTIMS, 7),
        (ClientCategory.TRAFFICKING_VICTIMS, 8),
    ],
    ids=lambda value: value.name if isinstance(value, ServiceCondition | ClientCategory) else None,
)
def test_a_member_sets_the_bit_of_its_declaration_position(
    member: ServiceCondition | ClientCategory, bit: int
) -> None:
    assert to_mask([member]) == 1 << bit
    assert from_mask(type(member), 1 << bit) == [member]


def test_the_mask_of_all_client_categories_has_9_bits() -> None:
    mask = to_mask(ClientCategory)
    assert mask.bit_count() == 9
    assert mask == 0b1_1111_1111
    assert from_mask(ClientCategory, mask) == list(ClientCategory)
