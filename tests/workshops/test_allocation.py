"""The preference allocation against brute force and an independent ILP."""

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from workshops.allocation import (
    NO_PREFERENCE,
    RANKED,
    REASON_CHOICES_FULL,
    REASON_SLOT_FULL,
    UNASSIGNED,
    UNRANKED,
    Registrant,
    Seats,
    allocate,
    cost_table,
)


def random_instance(rng, people, workshops, max_choices=3, unlimited=False):
    seats = [
        Seats(f"w{w}", None if unlimited and w == 0 else rng.randint(0, 4))
        for w in range(workshops)
    ]
    registrants = []
    for p in range(people):
        k = rng.randint(1, min(max_choices, workshops))
        prefs = tuple(rng.sample([s.id for s in seats], k))
        registrants.append(Registrant(p, (p,), prefs))
    return registrants, seats


def outcome_cost(person, workshop_id, costs, allow_unranked=True):
    if workshop_id is None:
        return costs["unassigned"]
    if workshop_id in person.preferences:
        return costs["ranks"][person.preferences.index(workshop_id)]
    return costs["unranked"] if allow_unranked else None


def brute_force(registrants, seats, allow_unranked=True):
    """Every assignment; returns (best cost, best tie-break weight)."""
    max_rank = max(len(r.preferences) for r in registrants)
    costs = cost_table(max_rank, len(seats))
    targets = [s.id for s in seats] + [None]
    n = len(registrants)
    best = None
    for combo in itertools.product(targets, repeat=n):
        load = {}
        for w in combo:
            if w is not None:
                load[w] = load.get(w, 0) + 1
        if any(
            s.capacity is not None and load.get(s.id, 0) > s.capacity for s in seats
        ):
            continue
        each = [
            outcome_cost(r, w, costs, allow_unranked)
            for r, w in zip(registrants, combo, strict=True)
        ]
        if None in each:
            continue
        key = (sum(each), sum((n - i) * c for i, c in enumerate(each)))
        if best is None or key < best:
            best = key
    return best


def ilp_objective(registrants, seats, allow_unranked=True):
    """The same objective as a plain 0/1 programme over every person × workshop."""
    max_rank = max(len(r.preferences) for r in registrants)
    costs = cost_table(max_rank, len(seats))
    n, m = len(registrants), len(seats)
    c = []
    upper = []
    for r in registrants:
        for s in seats:
            cost = outcome_cost(r, s.id, costs, allow_unranked)
            c.append(0 if cost is None else cost)
            upper.append(0 if cost is None else 1)
        c.append(costs["unassigned"])
        upper.append(1)
    width = m + 1
    one_each = np.zeros((n, n * width))
    for p in range(n):
        one_each[p, p * width : (p + 1) * width] = 1
    capacity_rows, limits = [], []
    for w, s in enumerate(seats):
        if s.capacity is None:
            continue
        row = np.zeros(n * width)
        row[[p * width + w for p in range(n)]] = 1
        capacity_rows.append(row)
        limits.append(s.capacity)
    constraints = [LinearConstraint(one_each, 1, 1)]
    if capacity_rows:
        constraints.append(LinearConstraint(np.array(capacity_rows), 0, limits))
    res = milp(
        np.array(c, float),
        constraints=constraints,
        integrality=np.ones(len(c)),
        bounds=Bounds(0, np.array(upper, float)),
    )
    assert res.status == 0
    return round(res.fun)


def tie_weight(result, registrants):
    n = len(registrants)
    by_id = {p.registrant_id: p for p in result.placements}
    costs = result.costs
    total = 0
    for i, r in enumerate(registrants):
        p = by_id[r.id]
        total += (n - i) * outcome_cost(r, p.workshop_id, costs)
    return total


@pytest.mark.parametrize("seed", range(40))
def test_allocation_matches_brute_force_on_tiny_instances(seed):
    rng = random.Random(seed)
    registrants, seats = random_instance(
        rng, rng.randint(1, 6), rng.randint(1, 3), unlimited=seed % 5 == 0
    )

    result = allocate(registrants, seats)

    best_cost, best_tie = brute_force(registrants, seats)
    assert result.objective == best_cost
    assert tie_weight(result, registrants) == best_tie


@pytest.mark.parametrize("seed", range(20))
def test_allocation_without_unranked_matches_brute_force(seed):
    rng = random.Random(1000 + seed)
    registrants, seats = random_instance(rng, rng.randint(1, 6), rng.randint(1, 3))

    result = allocate(registrants, seats, allow_unranked=False)

    assert result.objective == brute_force(registrants, seats, False)[0]
    assert all(p.kind in (RANKED, UNASSIGNED) for p in result.placements)


@pytest.mark.parametrize("seed", range(15))
def test_allocation_matches_an_independent_ilp(seed):
    rng = random.Random(2000 + seed)
    registrants, seats = random_instance(
        rng, rng.randint(10, 40), rng.randint(2, 6), max_choices=4
    )
    seats = [Seats(s.id, rng.randint(0, 12)) for s in seats]

    result = allocate(registrants, seats)

    assert result.objective == ilp_objective(registrants, seats)


def test_allocation_prefers_everyone_a_choice_over_some_first_choices():
    # By the sum of ranks, (3rd, 1st, 1st) and (1st, 2nd, 2nd) tie at 5; the
    # convex cost (4 against 2) gives nobody a 3rd choice.
    seats = [Seats("X", 1), Seats("Y", 1), Seats("Z", 1)]
    registrants = [
        Registrant("a", (1,), ("Z", "Y", "X")),
        Registrant("b", (2,), ("Y", "X", "Z")),
        Registrant("c", (3,), ("Z", "Y", "X")),
    ]

    result = allocate(registrants, seats)

    assert result.objective == 2
    assert result.rank_counts() == {1: 1, 2: 2}
    assert result.assignment == {"a": "Z", "b": "X", "c": "Y"}


def test_allocation_breaks_ties_by_registration_time():
    seats = [Seats("X", 1), Seats("Y", 5)]
    registrants = [
        Registrant("late", (2,), ("X", "Y")),
        Registrant("early", (1,), ("X", "Y")),
    ]

    result = allocate(registrants, seats)

    assert result.assignment == {"early": "X", "late": "Y"}


def test_allocation_ties_across_different_lists_go_to_the_earlier_registrant():
    seats = [Seats("X", 1), Seats("Y", 5), Seats("Z", 5)]
    registrants = [
        Registrant("first", (1,), ("X", "Z")),
        Registrant("second", (2,), ("X", "Y")),
    ]

    result = allocate(registrants, seats)

    assert result.assignment == {"first": "X", "second": "Y"}


def test_allocation_places_people_without_preference_last_where_there_is_room():
    seats = [Seats("X", 2), Seats("Y", 1)]
    registrants = [
        Registrant("none-early", (0,), ()),
        Registrant("a", (1,), ("X",)),
        Registrant("b", (2,), ("X",)),
        Registrant("none-late", (3,), ()),
    ]

    result = allocate(registrants, seats)

    placements = {p.registrant_id: p for p in result.placements}
    assert result.assignment["a"] == result.assignment["b"] == "X"
    assert placements["none-early"].workshop_id == "Y"
    assert placements["none-early"].kind == NO_PREFERENCE
    assert placements["none-late"].kind == UNASSIGNED
    assert placements["none-late"].reason == REASON_SLOT_FULL


def test_allocation_reports_why_somebody_got_nothing():
    seats = [Seats("X", 1), Seats("Y", 3)]
    registrants = [
        Registrant("a", (1,), ("X",)),
        Registrant("b", (2,), ("X",)),
    ]

    strict = allocate(registrants, seats, allow_unranked=False)
    lenient = allocate(registrants, seats)

    assert [(p.registrant_id, p.reason) for p in strict.unassigned] == [
        ("b", REASON_CHOICES_FULL)
    ]
    assert lenient.assignment == {"a": "X", "b": "Y"}
    assert lenient.kind_counts()[UNRANKED] == 1


def test_allocation_counts_ranks():
    seats = [Seats("X", 1), Seats("Y", 1), Seats("Z", 1)]
    registrants = [
        Registrant(1, (1,), ("X", "Y", "Z")),
        Registrant(2, (2,), ("X", "Y", "Z")),
        Registrant(3, (3,), ("X", "Y", "Z")),
    ]

    result = allocate(registrants, seats)

    assert result.rank_counts() == {1: 1, 2: 1, 3: 1}
    assert result.objective == 0 + 1 + 4


def test_allocation_is_deterministic_and_ignores_input_order():
    rng = random.Random(7)
    registrants, seats = random_instance(rng, 300, 8)
    seats = [Seats(s.id, rng.randint(10, 50)) for s in seats]
    shuffled = registrants[:]
    rng.shuffle(shuffled)

    first = allocate(registrants, seats)
    again = allocate(registrants, seats)
    reordered = allocate(shuffled, list(reversed(seats)))

    assert first == again
    assert first.placements == reordered.placements


instances = st.integers(min_value=1, max_value=10).flatmap(
    lambda m: st.tuples(
        st.lists(
            st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
            min_size=m,
            max_size=m,
        ),
        st.lists(
            st.lists(
                st.integers(min_value=0, max_value=m - 1), max_size=4, unique=True
            ),
            min_size=0,
            max_size=250,
        ),
        st.booleans(),
    )
)


@settings(max_examples=60, deadline=None)
@given(instances)
def test_allocation_never_breaks_capacity_or_one_workshop_per_slot(instance):
    capacities, lists, allow_unranked = instance
    seats = [Seats(w, cap) for w, cap in enumerate(capacities)]
    registrants = [
        Registrant(p, (p // 3, p), tuple(prefs)) for p, prefs in enumerate(lists)
    ]

    result = allocate(registrants, seats, allow_unranked=allow_unranked)

    # One outcome per person, in registration order.
    assert [p.registrant_id for p in result.placements] == [
        r.id for r in sorted(registrants, key=lambda r: r.order)
    ]
    load = result.load()
    for s in seats:
        assert s.capacity is None or load.get(s.id, 0) <= s.capacity
    by_id = {r.id: r for r in registrants}
    for p in result.placements:
        prefs = by_id[p.registrant_id].preferences
        if p.kind == RANKED:
            assert prefs[p.rank - 1] == p.workshop_id
        elif p.kind == UNRANKED:
            assert allow_unranked and p.workshop_id not in prefs
        elif p.kind == NO_PREFERENCE:
            assert prefs == ()
        else:
            assert p.workshop_id is None and p.reason
    # Nobody is left out while a seat they could take is free.
    free = sum(
        (s.capacity - load.get(s.id, 0)) if s.capacity is not None else 1 for s in seats
    )
    if free > 0 and allow_unranked:
        assert result.unassigned == []
    # People without preferences never take a seat somebody with preferences lacks.
    if (
        any(
            p.kind == UNASSIGNED and by_id[p.registrant_id].preferences
            for p in result.placements
        )
        and allow_unranked
    ):
        assert result.kind_counts()[NO_PREFERENCE] == 0


def lp_relaxation_objective(registrants, seats, allow_unranked=True) -> float:
    """The plain LP relaxation over every person × workshop pair (no grouping of
    equal lists, no hub), solved by HiGHS's interior point: independent of the
    allocation's model and solver; its optimum is integral (total unimodularity)."""
    max_rank = max(len(r.preferences) for r in registrants)
    costs = cost_table(max_rank, len(seats))
    n, m = len(registrants), len(seats)
    width = m + 1
    c = np.zeros((n, width))
    upper = np.ones((n, width))
    for p, r in enumerate(registrants):
        for w, s in enumerate(seats):
            cost = outcome_cost(r, s.id, costs, allow_unranked)
            c[p, w] = 0 if cost is None else cost
            upper[p, w] = 0 if cost is None else 1
        c[p, m] = costs["unassigned"]
    a_eq = sparse.csr_array(
        (np.ones(n * width), (np.repeat(np.arange(n), width), np.arange(n * width))),
        shape=(n, n * width),
    )
    limited = [w for w, s in enumerate(seats) if s.capacity is not None]
    rows = np.repeat(np.arange(len(limited)), n)
    cols = np.array([p * width + w for w in limited for p in range(n)], dtype=int)
    a_ub = sparse.csr_array(
        (np.ones(len(cols)), (rows, cols)), shape=(len(limited), n * width)
    )
    res = linprog(
        c.ravel(),
        A_ub=a_ub if limited else None,
        b_ub=[seats[w].capacity for w in limited] if limited else None,
        A_eq=a_eq,
        b_eq=np.ones(n),
        bounds=list(zip(np.zeros(n * width), upper.ravel(), strict=True)),
        method="highs-ipm",
    )
    assert res.status == 0
    return res.fun


lp_instances = st.integers(min_value=1, max_value=8).flatmap(
    lambda m: st.tuples(
        st.lists(
            st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
            min_size=m,
            max_size=m,
        ),
        # Few distinct lists, repeated: the grouping of equal wish lists is used.
        st.lists(
            st.lists(
                st.integers(min_value=0, max_value=m - 1),
                min_size=1,
                max_size=5,
                unique=True,
            ),
            min_size=1,
            max_size=12,
        ),
        st.lists(st.integers(min_value=0, max_value=11), min_size=1, max_size=300),
        st.booleans(),
    )
)


@settings(max_examples=80, deadline=None)
@given(lp_instances)
def test_allocation_objective_equals_the_independent_lp_optimum(instance):
    capacities, lists, picks, allow_unranked = instance
    seats = [Seats(w, cap) for w, cap in enumerate(capacities)]
    registrants = [
        Registrant(p, (p,), tuple(lists[pick % len(lists)]))
        for p, pick in enumerate(picks)
    ]

    result = allocate(registrants, seats, allow_unranked=allow_unranked)

    optimum = lp_relaxation_objective(registrants, seats, allow_unranked)
    assert result.objective == round(optimum)
    assert abs(optimum - round(optimum)) < 1e-6


@pytest.mark.parametrize("capacity_share", [0.8, 1.0, 1.2])
def test_allocation_objective_equals_the_lp_optimum_on_a_large_skewed_slot(
    capacity_share,
):
    rng = random.Random(7)
    workshops, people = 15, 1500
    weights = [1 / (w + 1) for w in range(workshops)]
    per_seat = int(people * capacity_share) // workshops
    seats = [Seats(w, per_seat) for w in range(workshops)]
    registrants = []
    for p in range(people):
        prefs = []
        while len(prefs) < 4:
            w = rng.choices(range(workshops), weights=weights)[0]
            if w not in prefs:
                prefs.append(w)
        registrants.append(Registrant(p, (p,), tuple(prefs)))

    result = allocate(registrants, seats)

    assert result.objective == round(lp_relaxation_objective(registrants, seats))
