"""Allocate the registrants of one time slot to its workshops by ranked preference.

Pure Python and SciPy, no Django: the services load the rows and store the result.

Objective
    Minimise the sum over registrants of a convex cost of the rank they receive:
    rank 1 costs 0, rank 2 costs 1, rank 3 costs 4, rank r costs (r - 1)²; a
    workshop the registrant did not rank costs ``2·(K)²+1`` more than the worst rank
    (K = longest preference list) and staying without a workshop costs more than any
    chain of improvements it could buy, so the number of people placed is maximal
    first. Convexity means that moving two people from their 2nd choice to one 1st
    and one 3rd choice (0 + 4 > 1 + 1) is worse: everybody getting some choice
    beats a few getting their first.

Ties
    Among all allocations with that optimal cost, earlier registrants get the
    better ranks: a second pass minimises ``Σ w_p · cost_p`` with ``w_p`` falling
    with the registration order, restricted to the face of optimal solutions (the
    variables with zero reduced cost under the first pass's duals, the capacity
    rows with a non-zero dual kept tight). That restriction is exact by
    complementary slackness, so the second pass cannot lose optimality.

People without preferences
    Placed after everybody else, in registration order, each into the workshop
    with the most free seats, so they never take a seat somebody asked for.

Solver
    The model is a transportation problem (a bipartite flow: registrant rows,
    workshop capacity rows, one hub for "any workshop with room"). Its constraint
    matrix is totally unimodular and the costs are integers, so the linear
    programme has integral optimal vertices and integral duals. The first pass
    (all people, grouped by wish list) is solved by SciPy's ``milp`` (HiGHS's MIP
    solver) with its presolve off: the root LP is integral already, and at
    20,000 people × 40 workshops × 5 choices it takes about 1.3 s where
    ``linprog``'s dual simplex took 34-54 s (47,000 iterations) and the interior
    point 5-12 s. ``milp`` returns no duals, so ``allocation_solver`` computes
    them from the optimum as shortest distances in its exchange graph (m + 3
    nodes) and checks complementary slackness, which proves the optimum. The
    tie-breaking second pass is small (only people with a choice left on the
    optimal face) and keeps ``linprog`` with the dual simplex, which returns a
    vertex, hence integral, solution. Both are deterministic for the same input.
    A min-cost-flow library (networkx's network simplex is pure Python; OR-Tools
    would be a new, large dependency) was not needed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from workshops.allocation_solver import (
    AllocationError,
    prices,
    reduced_costs,
    transport,
)

RANKED = "ranked"
UNRANKED = "unranked"
NO_PREFERENCE = "no_preference"
UNASSIGNED = "unassigned"

# Why somebody got no workshop.
REASON_SLOT_FULL = "slot_full"  # every workshop of the slot is full
REASON_CHOICES_FULL = "choices_full"  # every ranked workshop full, others not allowed


@dataclass(frozen=True)
class Registrant:
    """One person to place. ``order`` sorts by registration time (then id)."""

    id: Hashable
    order: tuple
    preferences: tuple = ()  # workshop ids, first choice first


@dataclass(frozen=True)
class Seats:
    """A workshop of the slot; ``capacity`` None means unlimited."""

    id: Hashable
    capacity: int | None


@dataclass(frozen=True)
class Placement:
    registrant_id: Hashable
    workshop_id: Hashable | None
    kind: str  # RANKED, UNRANKED, NO_PREFERENCE or UNASSIGNED
    rank: int | None = None  # 1-based rank received, for RANKED
    reason: str | None = None  # for UNASSIGNED


@dataclass(frozen=True)
class AllocationResult:
    placements: tuple[Placement, ...]  # in registration order
    objective: int  # the optimised cost (people with preferences)
    costs: dict = field(default_factory=dict)  # the cost table used

    @property
    def assignment(self) -> dict:
        return {
            p.registrant_id: p.workshop_id
            for p in self.placements
            if p.workshop_id is not None
        }

    def rank_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for p in self.placements:
            if p.kind == RANKED:
                counts[p.rank] = counts.get(p.rank, 0) + 1
        return dict(sorted(counts.items()))

    def kind_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((RANKED, UNRANKED, NO_PREFERENCE, UNASSIGNED), 0)
        for p in self.placements:
            counts[p.kind] += 1
        return counts

    @property
    def unassigned(self) -> list[Placement]:
        return [p for p in self.placements if p.kind == UNASSIGNED]

    def load(self) -> dict:
        load: dict = {}
        for p in self.placements:
            if p.workshop_id is not None:
                load[p.workshop_id] = load.get(p.workshop_id, 0) + 1
        return load


def rank_cost(rank: int) -> int:
    """Convex cost of receiving the ``rank``-th choice (1-based)."""
    return (rank - 1) ** 2


def cost_table(max_rank: int, workshop_count: int) -> dict:
    """The costs the objective uses; ``unassigned`` dominates every placed cost."""
    unranked = 2 * rank_cost(max_rank + 1) + 1
    # Leaving one person out can improve at most one person per workshop along an
    # exchange chain, each by at most ``unranked``: cost more than that chain.
    unassigned = unranked * (workshop_count + 2)
    return {
        "ranks": [rank_cost(r) for r in range(1, max_rank + 1)],
        "unranked": unranked,
        "unassigned": unassigned,
    }


def placement_cost(placement: Placement, costs: dict) -> int:
    if placement.kind == RANKED:
        return costs["ranks"][placement.rank - 1]
    if placement.kind == UNRANKED:
        return costs["unranked"]
    if placement.kind == UNASSIGNED:
        return costs["unassigned"]
    return 0


def allocate(
    registrants: Iterable[Registrant],
    workshops: Iterable[Seats],
    *,
    allow_unranked: bool = True,
) -> AllocationResult:
    """Optimal allocation; see the module docstring for objective and ties.

    ``allow_unranked``: people whose ranked workshops are all full may be placed
    in another workshop of the slot that has room (otherwise they stay out).
    """
    seats = sorted(workshops, key=lambda s: _sort_key(s.id))
    if len({s.id for s in seats}) != len(seats):
        raise ValueError("workshop ids must be unique")
    people = sorted(registrants, key=lambda r: (r.order, _sort_key(r.id)))
    if len({r.id for r in people}) != len(people):
        raise ValueError("registrant ids must be unique")
    index_of = {s.id: i for i, s in enumerate(seats)}

    # Keep each person's valid choices, in order, without duplicates.
    choices: list[list[int]] = []
    for person in people:
        seen: list[int] = []
        for workshop_id in person.preferences:
            w = index_of.get(workshop_id)
            if w is not None and w not in seen:
                seen.append(w)
        choices.append(seen)
    ranked_people = [i for i, c in enumerate(choices) if c]
    max_rank = max((len(choices[i]) for i in ranked_people), default=1)
    costs = cost_table(max_rank, len(seats))

    placements: dict[int, Placement] = {}
    load = [0] * len(seats)
    if ranked_people and seats:
        solved = _solve(
            [choices[i] for i in ranked_people],
            [s.capacity for s in seats],
            costs,
            allow_unranked=allow_unranked,
        )
        for local, (kind, w, rank) in enumerate(solved):
            person = people[ranked_people[local]]
            if w is not None:
                load[w] += 1
            placements[ranked_people[local]] = Placement(
                registrant_id=person.id,
                workshop_id=seats[w].id if w is not None else None,
                kind=kind,
                rank=rank,
            )
    else:
        for i in ranked_people:
            placements[i] = Placement(people[i].id, None, UNASSIGNED)

    total = len(people)
    for i, person in enumerate(people):
        if choices[i]:
            continue
        room = [
            (s.capacity - load[w] if s.capacity is not None else total - load[w], -w)
            for w, s in enumerate(seats)
        ]
        best = max(room, default=(0, 0))
        if best[0] > 0:
            w = -best[1]
            load[w] += 1
            placements[i] = Placement(person.id, seats[w].id, NO_PREFERENCE)
        else:
            placements[i] = Placement(person.id, None, UNASSIGNED)

    # Reasons for everybody left out.
    slot_full = all(
        s.capacity is not None and load[w] >= s.capacity for w, s in enumerate(seats)
    )
    result = []
    for i in range(len(people)):
        p = placements[i]
        if p.kind == UNASSIGNED:
            reason = REASON_SLOT_FULL if slot_full else REASON_CHOICES_FULL
            p = Placement(p.registrant_id, None, UNASSIGNED, None, reason)
        result.append(p)
    objective = sum(placement_cost(result[i], costs) for i in ranked_people)
    return AllocationResult(tuple(result), objective, costs)


def _sort_key(value):
    """Sort ids of mixed types deterministically (ints before strings)."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


def _solve(choices: Sequence[Sequence[int]], capacities, costs, *, allow_unranked):
    """Two LP passes; returns (kind, workshop index or None, rank) per person.

    Pass 1 groups people with the same preference list into one row with a
    supply (at most 12·11·10 rows for 12 workshops and 3 choices, whatever the
    number of people) and yields the optimal cost and integral duals. Pass 2
    keeps, for each person, only the outcomes with zero reduced cost, fixes
    everybody left with a single such outcome, and breaks the ties of the others
    by registration order.
    """
    n = len(choices)
    m = len(capacities)
    hub, none = m, m + 1
    capacity = np.array([n if cap is None else cap for cap in capacities], float)

    def options(cs):
        opts = [(w, r + 1, costs["ranks"][r]) for r, w in enumerate(cs)]
        if allow_unranked:
            opts.append((hub, None, costs["unranked"]))
        opts.append((none, None, costs["unassigned"]))
        return opts

    types: dict[tuple, list[int]] = {}
    for p, cs in enumerate(choices):
        types.setdefault(tuple(cs), []).append(p)
    type_keys = list(types)
    type_options = [options(key) for key in type_keys]
    supply = np.array([len(types[key]) for key in type_keys], float)
    flows = list(range(m)) if allow_unranked else []

    first = transport(
        type_options,
        supply,
        np.ones(len(type_keys)),
        capacity,
        flows,
        hub=hub,
        hub_extra=0,
        tight=np.zeros(m, bool),
        integral=True,
    )
    res, c, _a_eq, _a_ub, var_unit, var_option = first
    optimum = res.fun
    n_type_vars = len(var_unit)
    var_target = np.array(
        [type_options[u][o][0] for u, o in zip(var_unit, var_option, strict=True)],
        dtype=np.int64,
    )
    units = np.asarray(var_unit)
    price = prices(res.x, c, units, var_target, capacity, flows, m)
    reduced = reduced_costs(res.x, c, units, var_target, price, flows)
    admissible: list[list[int]] = [[] for _ in type_keys]
    for j in np.flatnonzero(reduced[:n_type_vars] < 0.5):
        admissible[var_unit[j]].append(var_option[j])
    open_flows = [w for k, w in enumerate(flows) if reduced[n_type_vars + k] < 0.5]
    tight = price[:m] > 0.5

    # Pass 2: one row per person who still has a choice.
    outcome: list = [None] * n
    remaining = capacity.copy()
    hub_people: list[int] = []
    flexible: list[int] = []
    flexible_options: list[list] = []
    fixed_cost = 0
    for t, key in enumerate(type_keys):
        opts = [type_options[t][o] for o in admissible[t]]
        for p in types[key]:
            if len(opts) == 1:
                target, rank, cost = opts[0]
                fixed_cost += cost
                _record(outcome, p, opts[0], m)
                if target < m:
                    remaining[target] -= 1
                elif target == hub:
                    hub_people.append(p)
            else:
                flexible.append(p)
                flexible_options.append(opts)
    if flexible or hub_people:
        weights = np.array([n - p for p in flexible], float)  # earlier: heavier
        res2, c2, _, _, var_unit2, var_option2 = transport(
            flexible_options,
            np.ones(len(flexible)),
            weights,
            remaining,
            open_flows,
            hub=hub,
            hub_extra=len(hub_people),
            tight=tight,
        )
        x = res2.x
        rounded = np.rint(x)
        if np.abs(x - rounded).max(initial=0.0) > 1e-6:
            raise AllocationError("the LP solution is not integral")
        n_unit_vars = len(var_unit2)
        for j in np.flatnonzero(rounded[:n_unit_vars] > 0.5):
            u = var_unit2[j]
            option = flexible_options[u][var_option2[j]]
            fixed_cost += option[2]
            _record(outcome, flexible[u], option, m)
            if option[0] == hub:
                hub_people.append(flexible[u])
        # The hub's flows say how many seats each workshop gives to people
        # placed outside their choices: hand them out in registration order.
        free = dict.fromkeys(range(m), 0)
        for k, w in enumerate(open_flows):
            free[w] = int(rounded[n_unit_vars + k])
        order = iter(w for w in range(m) for _ in range(free[w]))
        for p in sorted(hub_people):
            outcome[p] = (UNRANKED, next(order), None)
    if abs(fixed_cost - optimum) > 0.5:
        raise AllocationError("the tie-breaking pass lost optimality")
    return outcome


def _record(outcome, person, option, m):
    target, rank, _cost = option
    if target < m:
        outcome[person] = (RANKED, target, rank)
    elif target == m + 1:
        outcome[person] = (UNASSIGNED, None, None)
    else:
        outcome[person] = (UNRANKED, None, None)  # the seat is chosen later
