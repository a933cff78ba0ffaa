"""Rotation plans for speeddating and world cafés. Pure Python and SciPy, no Django.

Speeddating
    N people meet in R rounds at tables of two. Nobody meets the same person
    twice. With an odd N one table per round seats three (nobody sits out; who
    sits at the table of three rotates). Tables of three use up partners faster:
    when they would force a repeat (small groups, many rounds; 5 people manage
    only one such round) the plan falls back to the circle method, where each
    round one person takes a break instead. Pairs across municipalities, kinds of
    participant and organisations are preferred: each meeting scores
    ``4·[other municipality] + 2·[other kind] + 1·[other organisation]`` (an
    unknown value counts as "other").

    Each round is a maximum-weight perfect matching on the pairs that have not
    met yet. A general (non-bipartite) matching needs Edmonds' blossom
    algorithm, which SciPy lacks and networkx only has in slow pure Python; we
    split the room into two halves instead (each municipality's people spread
    evenly over both halves, shuffled by a seeded generator) and solve the
    bipartite assignment between the halves exactly with SciPy's
    ``linear_sum_assignment`` (a maintained LAPJV-style solver). Three splits are
    tried per round and the best kept. A split that cannot avoid a repeat is
    redrawn; if that still fails (only when R comes close to N) the classical
    circle method is used, which never repeats for R ≤ N - 1 (even N) or R ≤ N
    (odd N, with breaks).

    Late cancellations are repaired locally: only the table of the cancelled
    person changes, plus one other table of the same round (the partner left
    alone takes a person from the table of three, or joins a pair as its third).

World café
    G groups visit S stations in S rounds; group g is at station (g + r) mod S in
    round r, a Latin square when G = S (each group at each station once, each
    station one group per round). People are sorted by municipality (largest
    first) and kind, then dealt round-robin, so group sizes differ by at most one
    and each municipality's people are spread as evenly as possible.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, zip_longest

import numpy as np
from scipy.optimize import linear_sum_assignment

MUNICIPALITY_WEIGHT = 4
KIND_WEIGHT = 2
ORGANISATION_WEIGHT = 1
_REPEAT = 10**6  # cost of a repeated meeting in the assignment problem
_SPLITS_PER_ROUND = 3
_ATTEMPTS = 30
_GAP = object()


class RotationInfeasible(Exception):
    """No plan without repeated meetings was found for so many rounds."""


@dataclass(frozen=True)
class Person:
    id: Hashable
    municipality: Hashable | None = None
    kind: Hashable | None = None
    organisation: Hashable | None = None


Table = tuple
Round = list  # of tables


def _differs(a, b) -> bool:
    return a is None or b is None or a == "" or a != b


def pair_weight(a: Person, b: Person) -> int:
    return (
        MUNICIPALITY_WEIGHT * _differs(a.municipality, b.municipality)
        + KIND_WEIGHT * _differs(a.kind, b.kind)
        + ORGANISATION_WEIGHT * _differs(a.organisation, b.organisation)
    )


def meetings(rounds: Iterable[Iterable[Table]]) -> Counter:
    """How often each pair meets (everybody at a table meets everybody else)."""
    counter: Counter = Counter()
    for tables in rounds:
        for table in tables:
            for a, b in combinations(table, 2):
                counter[frozenset((a, b))] += 1
    return counter


def repeats(rounds) -> int:
    return sum(count - 1 for count in meetings(rounds).values() if count > 1)


def cross_share(rounds, people: Iterable[Person], attribute="municipality") -> float:
    """Share of meetings between people who differ in ``attribute``."""
    by_id = {p.id: p for p in people}
    met = meetings(rounds)
    if not met:
        return 0.0
    cross = 0
    for pair, count in met.items():
        a, b = (by_id[i] for i in pair)
        if _differs(getattr(a, attribute), getattr(b, attribute)):
            cross += count
    return cross / sum(met.values())


def circle_rounds(ids: Sequence, rounds: int) -> list[Round]:
    """The circle method: round robin in the given order, no repeats for R < N.

    With an odd N the person facing the empty seat takes a break (a table of
    one). Used as the baseline in tests and benchmarks and as a fallback.
    """
    seats = list(ids) + ([None] if len(ids) % 2 else [])
    n = len(seats)
    if rounds > max(n - 1, 0):
        raise RotationInfeasible(f"at most {n - 1} rounds for {len(ids)} people")
    plan = []
    fixed, ring = seats[0], seats[1:]
    for _ in range(rounds):
        order = [fixed] + ring
        tables = []
        for i in range(n // 2):
            pair = tuple(p for p in (order[i], order[n - 1 - i]) if p is not None)
            tables.append(pair)
        plan.append(tables)
        ring = ring[-1:] + ring[:-1]
    return plan


def plan_speeddating(
    people: Sequence[Person], rounds: int, *, seed: int = 0
) -> list[Round]:
    """R rounds of tables (tuples of person ids); see the module docstring."""
    people = list(people)
    n = len(people)
    if len({p.id for p in people}) != n:
        raise ValueError("person ids must be unique")
    if rounds <= 0 or n < 2:
        return [[] for _ in range(max(rounds, 0))]
    limit = n - 1 if n % 2 == 0 else n
    if rounds > limit:
        raise RotationInfeasible(f"at most {limit} rounds for {n} people")
    weight = _weight_matrix(people)
    met = np.zeros((n, n), dtype=bool)
    triple_count = [0] * n
    plan: list[Round] = []
    for r in range(rounds):
        tables = _plan_round(people, weight, met, triple_count, r, seed)
        if tables is None:
            return _circle_fallback(people, rounds)
        for table in tables:
            for a, b in combinations(table, 2):
                met[a, b] = met[b, a] = True
            if len(table) == 3:
                for i in table:
                    triple_count[i] += 1
        plan.append([tuple(people[i].id for i in table) for table in tables])
    return plan


def _codes(values) -> np.ndarray:
    """Integer codes; unknown values get a code of their own each."""
    codes: dict = {}
    out = []
    for i, value in enumerate(values):
        if value is None or value == "":
            out.append(-1 - i)
        else:
            out.append(codes.setdefault(value, len(codes)))
    return np.asarray(out)


def _weight_matrix(people) -> np.ndarray:
    weight = np.zeros((len(people), len(people)), dtype=np.int64)
    for attribute, factor in (
        ("municipality", MUNICIPALITY_WEIGHT),
        ("kind", KIND_WEIGHT),
        ("organisation", ORGANISATION_WEIGHT),
    ):
        code = _codes([getattr(p, attribute) for p in people])
        weight += factor * (code[:, None] != code[None, :])
    return weight


def _split(indices, people, rng) -> tuple[list[int], list[int]]:
    """Two equal halves; each municipality's people alternate between them."""
    groups: dict = {}
    for i in indices:
        key = people[i].municipality
        groups.setdefault(("", i) if key is None else (str(key), -1), []).append(i)
    left, right = [], []
    toggle = rng.random() < 0.5
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        for i in members:
            (left if toggle else right).append(i)
            toggle = not toggle
    return left, right


def _plan_round(people, weight, met, triple_count, r, seed):
    n = len(people)
    odd = n % 2 == 1
    candidates = sorted(range(n), key=lambda i: (triple_count[i], (i - r) % n))
    best = None
    found = 0
    for attempt in range(_ATTEMPTS):
        rng = random.Random(f"{seed}:{r}:{attempt}")
        third = candidates[attempt % n] if odd else None
        rest = [i for i in range(n) if i != third]
        left, right = _split(rest, people, rng)
        sub = weight[np.ix_(left, right)]
        cost = np.where(met[np.ix_(left, right)], _REPEAT, -sub)
        rows, cols = linear_sum_assignment(cost)
        if cost[rows, cols].max(initial=0) >= _REPEAT:
            continue
        tables = [(left[a], right[b]) for a, b in zip(rows, cols, strict=True)]
        score = int(sub[rows, cols].sum())
        if odd:
            joined = _join_third(tables, third, weight, met, triple_count)
            if joined is None:
                continue
            tables, gain = joined
            score += gain
        tables.sort(key=min)
        if best is None or score > best[0]:
            best = (score, tables)
        found += 1
        if found >= _SPLITS_PER_ROUND:
            break
    return best[1] if best else None


def _join_third(tables, third, weight, met, triple_count):
    """Seat ``third`` with a pair that has sat at a table of three least often
    (then: the best score), or None if every pair would be a repeat."""
    options = [
        (
            -triple_count[a] - triple_count[b],
            int(weight[third, a] + weight[third, b]),
            -k,
        )
        for k, (a, b) in enumerate(tables)
        if not met[third, a] and not met[third, b]
    ]
    if not options:
        return None
    _fair, gain, k = max(options)
    k = -k
    tables = tables[:k] + [tables[k] + (third,)] + tables[k + 1 :]
    return tables, gain


def _circle_fallback(people, rounds):
    """Circle method over people interleaved by municipality."""
    groups: dict = {}
    for p in people:
        groups.setdefault(p.municipality, []).append(p.id)
    queues = sorted(groups.values(), key=len, reverse=True)
    order = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    half = (len(order) + 1) // 2
    # Opposite seats of the circle then hold people far apart in this order.
    pairs = zip_longest(order[:half], order[half:], fillvalue=_GAP)
    interleaved = [x for pair in pairs for x in pair if x is not _GAP]
    return circle_rounds(interleaved, rounds)


def repair_speeddating(
    rounds: Sequence[Round],
    people: Iterable[Person],
    cancelled: Hashable,
    *,
    from_round: int = 0,
) -> list[Round]:
    """The plan without ``cancelled`` from ``from_round`` on, changed locally.

    In each round, the cancelled person's partner takes a person from the table
    of three if possible (no new repeat), else joins a pair as its third, else
    takes a break (a table of one). All other tables stay as they were.
    """
    by_id = {p.id: p for p in people}
    plan = [list(tables) for tables in rounds]
    cleaned = [
        [tuple(p for p in t if p != cancelled) for t in tables]
        for tables in plan[from_round:]
    ]
    met = meetings(plan[:from_round]) + meetings(cleaned)

    def weight(a, b):
        return pair_weight(by_id[a], by_id[b])

    for r in range(from_round, len(plan)):
        tables = plan[r]
        k = next((i for i, t in enumerate(tables) if cancelled in t), None)
        if k is None:
            continue
        rest = tuple(p for p in tables[k] if p != cancelled)
        if len(rest) != 1:
            tables[k] = rest
            if not rest:
                del tables[k]
            continue
        (alone,) = rest
        steal = [
            (weight(alone, y), -i, y)
            for i, t in enumerate(tables)
            if len(t) == 3
            for y in t
            if frozenset((alone, y)) not in met
        ]
        if steal:
            _w, i, y = max(steal)
            i = -i
            tables[i] = tuple(p for p in tables[i] if p != y)
            tables[k] = (alone, y)
            met[frozenset((alone, y))] += 1
            continue
        join = [
            (weight(alone, t[0]) + weight(alone, t[1]), -i)
            for i, t in enumerate(tables)
            if len(t) == 2
            and i != k
            and frozenset((alone, t[0])) not in met
            and frozenset((alone, t[1])) not in met
        ]
        if join:
            _w, i = max(join)
            i = -i
            for p in tables[i]:
                met[frozenset((alone, p))] += 1
            tables[i] = tables[i] + (alone,)
            del tables[k]
        else:
            tables[k] = (alone,)
    return plan


@dataclass(frozen=True)
class WorldCafePlan:
    groups: tuple  # tuple of tuples of person ids
    rotation: tuple  # rotation[round][group] = station index

    def station_of(self, group: int, round_: int) -> int:
        return self.rotation[round_][group]


def world_cafe_rotation(groups: int, stations: int) -> tuple:
    if groups > stations:
        raise ValueError("a world café needs at least as many stations as groups")
    return tuple(
        tuple((g + r) % stations for g in range(groups)) for r in range(stations)
    )


def plan_world_cafe(
    people: Sequence[Person], *, stations: int, groups: int | None = None
) -> WorldCafePlan:
    """Groups dealt round-robin by municipality, cyclic rotation over stations."""
    groups = stations if groups is None else groups
    if groups <= 0:
        raise ValueError("a world café needs at least one group")
    rotation = world_cafe_rotation(groups, stations)
    buckets: dict = {}
    for position, person in enumerate(people):
        key = ("", position) if person.municipality is None else person.municipality
        buckets.setdefault(key, []).append((position, person))
    ordered = sorted(buckets.values(), key=lambda b: (-len(b), b[0][0]))
    kinds = _codes([p.kind for p in people])
    dealt: list[list] = [[] for _ in range(groups)]
    i = 0
    for bucket in ordered:
        for _position, person in sorted(bucket, key=lambda e: (kinds[e[0]], e[0])):
            dealt[i % groups].append(person.id)
            i += 1
    return WorldCafePlan(tuple(tuple(g) for g in dealt), rotation)


def repair_world_cafe(
    plan: WorldCafePlan, people: Iterable[Person], cancelled: Hashable
) -> WorldCafePlan:
    """Remove ``cancelled``; if sizes then differ by two, move one person over."""
    by_id = {p.id: p for p in people}
    groups = [[p for p in g if p != cancelled] for g in plan.groups]
    while groups and max(map(len, groups)) - min(map(len, groups)) > 1:
        small = min(range(len(groups)), key=lambda g: (len(groups[g]), g))
        large = max(range(len(groups)), key=lambda g: (len(groups[g]), -g))
        there = Counter(by_id[p].municipality for p in groups[small])
        here = Counter(by_id[p].municipality for p in groups[large])
        mover = max(
            groups[large],
            key=lambda p: (
                here[by_id[p].municipality] - there[by_id[p].municipality],
                groups[large].index(p),
            ),
        )
        groups[large].remove(mover)
        groups[small].append(mover)
    return WorldCafePlan(tuple(tuple(g) for g in groups), plan.rotation)


def is_latin_square(rotation) -> bool:
    size = len(rotation)
    rows_ok = all(sorted(row) == list(range(size)) for row in rotation)
    columns = list(zip(*rotation, strict=True)) if rotation else []
    return rows_ok and all(sorted(col) == list(range(size)) for col in columns)
