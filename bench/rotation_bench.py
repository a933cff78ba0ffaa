"""Speeddating 300 people × 15 rounds (and world café), against a round robin.

Prints time, repeated meetings (must be 0) and the share of meetings across
municipalities and kinds of participant, for ``plan_speeddating`` and for the
circle method on registration order; then the time to repair the plan after a
late cancellation and to deal a 300-person world café. No assertions; see
bench/README.md.

    .venv/bin/python bench/rotation_bench.py [--people 300] [--rounds 15]
"""

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import scipy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshops.rotation import (  # noqa: E402
    Person,
    circle_rounds,
    cross_share,
    is_latin_square,
    meetings,
    plan_speeddating,
    plan_world_cafe,
    repair_speeddating,
    repeats,
)

KINDS = ["administration", "politics", "business", "research", "civil_society"]


def room(people, seed=1):
    """Delegations register together: 5 host towns bring most people."""
    rng = random.Random(seed)
    weights = [30, 20, 15, 10, 8] + [1] * 17  # 5 network towns, 17 guests
    result = []
    while len(result) < people:
        town = rng.choices(range(len(weights)), weights=weights)[0]
        for _ in range(min(rng.randint(1, 6), people - len(result))):
            kind = rng.choices(KINDS, weights=[50, 10, 15, 10, 15])[0]
            organisation = (
                f"Stadt {town}" if kind in KINDS[:2] else f"org{rng.randrange(40)}"
            )
            result.append(Person(len(result), f"town{town}", kind, organisation))
    return result


def timed(function, repeat):
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return value, times


def describe(name, plan, people, times=None):
    sizes = sorted({len(t) for tables in plan for t in tables})
    timing = (
        f"median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
        if times
        else "–"
    )
    print(
        f"  {name:<22} {timing:<34} repeats {repeats(plan)}, "
        f"meetings {sum(meetings(plan).values())}, table sizes {sizes}, "
        f"cross-municipality {cross_share(plan, people):.1%}, "
        f"cross-kind {cross_share(plan, people, 'kind'):.1%}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, SciPy {scipy.__version__}, "
        f"{platform.machine()}"
    )
    for n in (args.people, args.people + 1):
        people = room(n)
        towns = len({p.municipality for p in people})
        biggest = max(
            sum(p.municipality == t for p in people)
            for t in {p.municipality for p in people}
        )
        print(
            f"\n{n} people from {towns} municipalities (largest delegation "
            f"{biggest}), {args.rounds} rounds"
        )
        plan, times = timed(
            lambda p=people: plan_speeddating(p, args.rounds), args.repeat
        )
        describe("plan_speeddating", plan, people, times)
        baseline = circle_rounds([p.id for p in people], args.rounds)
        describe("circle method (baseline)", plan=baseline, people=people)

        rng = random.Random(7)
        cancelled = rng.sample([p.id for p in people], 5)
        started = time.perf_counter()
        repaired = plan
        remaining = list(people)
        for pk in cancelled:
            remaining = [p for p in remaining if p.id != pk]
            repaired = repair_speeddating(repaired, remaining, pk, from_round=3)
        elapsed = time.perf_counter() - started
        changed = sum(len(set(a) - set(b)) for a, b in zip(plan, repaired, strict=True))
        print(
            f"  5 late cancellations from round 4: {elapsed * 1000:.1f} ms, "
            f"repeats {repeats(repaired)}, tables changed {changed} of "
            f"{sum(len(t) for t in plan)}"
        )

    people = room(args.people)
    cafe, times = timed(lambda: plan_world_cafe(people, stations=4), args.repeat)
    sizes = [len(g) for g in cafe.groups]
    print(
        f"\nworld café, {args.people} people, 4 stations: median "
        f"{statistics.median(times) * 1000:.1f} ms, group sizes {sizes}, "
        f"Latin square {is_latin_square(cafe.rotation)}"
    )


if __name__ == "__main__":
    main()
