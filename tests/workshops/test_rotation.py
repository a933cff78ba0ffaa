"""Speeddating and world-café plans."""

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshops.rotation import (
    Person,
    RotationInfeasible,
    circle_rounds,
    cross_share,
    is_latin_square,
    meetings,
    plan_speeddating,
    plan_world_cafe,
    repair_speeddating,
    repair_world_cafe,
    repeats,
)


def delegations(sizes, kinds="abc"):
    """People registered delegation by delegation, as conferences fill up."""
    people = []
    for m, size in enumerate(sizes):
        for k in range(size):
            people.append(
                Person(len(people), f"m{m}", kinds[k % len(kinds)], f"org{m}")
            )
    return people


def assert_valid_round(tables, ids):
    seated = [p for table in tables for p in table]
    assert sorted(seated) == sorted(ids)  # everybody exactly once
    sizes = Counter(len(table) for table in tables)
    if len(ids) % 2 == 0:
        assert sizes == Counter({2: len(ids) // 2})
    else:  # a table of three, or (fallback) one person on a break
        assert sizes in (
            Counter({2: (len(ids) - 3) // 2, 3: 1}),
            Counter({2: (len(ids) - 1) // 2, 1: 1}),
        )


@pytest.mark.parametrize("n", [2, 3, 4, 5, 10, 11, 40, 41])
def test_speeddating_rounds_are_perfect_pairings_without_repeats(n):
    people = delegations([n // 2, n - n // 2])
    rounds = min(n - 1, 8) if n % 2 == 0 else min(n, 8)

    plan = plan_speeddating(people, rounds)

    assert len(plan) == rounds
    for tables in plan:
        assert_valid_round(tables, [p.id for p in people])
    assert repeats(plan) == 0


@pytest.mark.parametrize("n", [11, 41, 301])
def test_speeddating_odd_number_seats_three_at_one_table_while_it_can(n):
    people = delegations([n // 3, n // 3, n - 2 * (n // 3)])

    plan = plan_speeddating(people, 4)

    assert all(max(len(t) for t in tables) == 3 for tables in plan)
    assert repeats(plan) == 0


def test_speeddating_five_people_take_breaks_rather_than_meet_twice():
    people = delegations([3, 2])

    plan = plan_speeddating(people, 5)

    assert repeats(plan) == 0
    assert len(meetings(plan)) == 10  # everybody met everybody
    assert all(sorted(len(t) for t in tables) == [1, 2, 2] for tables in plan)


def test_speeddating_odd_number_rotates_the_table_of_three():
    people = delegations([7, 6])

    plan = plan_speeddating(people, 6)

    thirds = [next(t for t in tables if len(t) == 3) for tables in plan]
    assert len({frozenset(t) for t in thirds}) == 6
    seated_three_times = Counter(p for t in thirds for p in t)
    assert max(seated_three_times.values()) <= 2


def test_speeddating_full_round_robin_for_an_even_number():
    people = delegations([4, 4])

    plan = plan_speeddating(people, 7)

    assert repeats(plan) == 0
    assert len(meetings(plan)) == 8 * 7 // 2  # everybody met everybody


def test_speeddating_refuses_more_rounds_than_partners():
    with pytest.raises(RotationInfeasible):
        plan_speeddating(delegations([3, 3]), 6)
    with pytest.raises(RotationInfeasible):
        plan_speeddating(delegations([3, 2]), 6)


def test_speeddating_pairs_across_municipalities_better_than_round_robin():
    # Delegations register together; one town brings half of the room.
    people = delegations([30, 10, 8, 6, 4, 2])
    ids = [p.id for p in people]

    plan = plan_speeddating(people, 10)
    baseline = circle_rounds(ids, 10)

    ours = cross_share(plan, people)
    theirs = cross_share(baseline, people)
    assert repeats(baseline) == 0
    assert ours > theirs
    assert ours == 1.0  # 30 of 60: every one of them can meet somebody from elsewhere
    assert cross_share(plan, people, "kind") > cross_share(baseline, people, "kind")


def test_speeddating_is_deterministic_for_a_seed():
    people = delegations([9, 8, 7])

    assert plan_speeddating(people, 5) == plan_speeddating(people, 5)
    assert plan_speeddating(people, 5, seed=1) != plan_speeddating(people, 5)


@pytest.mark.parametrize("n", [20, 21])
def test_speeddating_repair_changes_only_the_cancelled_persons_tables(n):
    people = delegations([n // 3, n // 3, n - 2 * (n // 3)])
    plan = plan_speeddating(people, 6)
    cancelled = people[4].id
    remaining = [p for p in people if p.id != cancelled]

    repaired = repair_speeddating(plan, remaining, cancelled)

    assert repeats(repaired) == 0
    for before, after in zip(plan, repaired, strict=True):
        assert all(cancelled not in t for t in after)
        seated = sorted(p for t in after for p in t)
        assert seated == sorted(p.id for p in remaining)
        assert all(len(t) in (2, 3) for t in after)
        untouched = set(before) & set(after)
        # at most two tables of the round differ: the cancelled person's and one
        assert len(before) - len(untouched) <= 2


def test_speeddating_repair_keeps_rounds_already_held():
    people = delegations([6, 6])
    plan = plan_speeddating(people, 5)
    cancelled = people[0].id

    repaired = repair_speeddating(
        plan, [p for p in people if p.id != cancelled], cancelled, from_round=2
    )

    assert repaired[:2] == plan[:2]
    assert all(cancelled not in t for tables in repaired[2:] for t in tables)


def test_speeddating_repair_of_a_full_round_robin_gives_a_break_not_a_repeat():
    people = delegations([2, 2])  # 3 rounds: everybody has met everybody
    plan = plan_speeddating(people, 3)

    repaired = repair_speeddating(plan, people[1:], people[0].id)

    assert repeats(repaired) == 0
    assert all(any(len(t) == 1 for t in tables) for tables in repaired)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=0, max_value=3),
)
def test_speeddating_property_no_repeats(sizes, rounds, seed):
    people = delegations(sizes)
    n = len(people)
    limit = n - 1 if n % 2 == 0 else n
    rounds = min(rounds, limit)

    plan = plan_speeddating(people, rounds, seed=seed)

    assert repeats(plan) == 0
    if n >= 2:
        for tables in plan:
            assert_valid_round(tables, [p.id for p in people])


@pytest.mark.parametrize("stations", [1, 3, 4, 6])
def test_world_cafe_is_a_latin_square_with_balanced_groups(stations):
    people = delegations([11, 7, 5, 3, 1])

    plan = plan_world_cafe(people, stations=stations)

    assert is_latin_square(plan.rotation)
    sizes = [len(g) for g in plan.groups]
    assert max(sizes) - min(sizes) <= 1
    assert sorted(p for g in plan.groups for p in g) == [p.id for p in people]


def test_world_cafe_spreads_each_municipality_over_the_groups():
    people = delegations([11, 7, 5, 3, 1])
    by_id = {p.id: p for p in people}

    plan = plan_world_cafe(people, stations=4)

    for municipality in {p.municipality for p in people}:
        counts = [
            sum(by_id[p].municipality == municipality for p in group)
            for group in plan.groups
        ]
        assert max(counts) - min(counts) <= 1


def test_world_cafe_with_fewer_groups_than_stations_never_doubles_a_station():
    plan = plan_world_cafe(delegations([5, 5]), stations=5, groups=3)

    for round_ in plan.rotation:
        assert len(set(round_)) == 3
    for group in range(3):
        assert sorted(plan.station_of(group, r) for r in range(5)) == list(range(5))


def test_world_cafe_refuses_more_groups_than_stations():
    with pytest.raises(ValueError):
        plan_world_cafe(delegations([5]), stations=2, groups=3)


def test_world_cafe_repair_moves_at_most_one_person():
    people = delegations([4, 4])  # 8 people, 4 groups of 2
    plan = plan_world_cafe(people, stations=4)
    first_group = plan.groups[0]

    once = repair_world_cafe(plan, people, first_group[0])
    twice = repair_world_cafe(once, people, first_group[1])

    sizes = [len(g) for g in twice.groups]
    assert max(sizes) - min(sizes) <= 1
    moved = sum(
        len(set(after) - set(before))
        for before, after in zip(plan.groups, twice.groups, strict=True)
    )
    assert moved == 1
    assert twice.rotation == plan.rotation


def test_world_cafe_deals_deterministically():
    rng = random.Random(4)
    people = [Person(i, f"m{rng.randint(0, 3)}", "a") for i in range(30)]

    assert plan_world_cafe(people, stations=4) == plan_world_cafe(people, stations=4)
