"""Preference allocation: 5,000 registrants × 12 workshops × 3 ranked choices.

Prints the time of ``workshops.allocation.allocate`` and its objective against
the LP lower bound, computed independently: the plain LP relaxation over every
person × workshop pair (no grouping of equal lists, no hub), solved by HiGHS's
interior-point method. No assertions; see bench/README.md.

    .venv/bin/python bench/allocation_bench.py [--people 5000] [--workshops 12]
        [--choices 3] [--repeat 7] [--no-large]

After the first case it runs 20,000 registrants × 40 workshops × 5 choices
(3 runs per capacity level), the size at which the dual simplex took 44-65 s.
"""

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy import sparse
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshops.allocation import (  # noqa: E402
    Registrant,
    Seats,
    allocate,
    cost_table,
)


def instance(people, workshops, choices, seats_per_person, seed):
    """Skewed popularity (a few workshops everybody wants), equal capacities."""
    rng = random.Random(seed)
    popularity = [1 / (w + 1) ** 0.8 for w in range(workshops)]
    total = int(people * seats_per_person)
    seats = [
        Seats(w, total // workshops + (1 if w < total % workshops else 0))
        for w in range(workshops)
    ]
    registrants = []
    for p in range(people):
        prefs = []
        while len(prefs) < choices:
            w = rng.choices(range(workshops), weights=popularity)[0]
            if w not in prefs:
                prefs.append(w)
        registrants.append(Registrant(p, (p,), tuple(prefs)))
    return registrants, seats


def lp_lower_bound(registrants, seats):
    """min Σ cost·x over x ∈ [0, 1]^(people × (workshops + 1)), no integrality."""
    max_rank = max(len(r.preferences) for r in registrants)
    costs = cost_table(max_rank, len(seats))
    n, m = len(registrants), len(seats)
    width = m + 1
    c = np.full((n, width), float(costs["unranked"]))
    c[:, m] = costs["unassigned"]
    for p, r in enumerate(registrants):
        for rank, w in enumerate(r.preferences):
            c[p, w] = costs["ranks"][rank]
    rows = np.repeat(np.arange(n), width)
    cols = np.arange(n * width)
    a_eq = sparse.csr_array((np.ones(n * width), (rows, cols)), shape=(n, n * width))
    cap_rows = np.tile(np.arange(m), n)
    cap_cols = (np.arange(n)[:, None] * width + np.arange(m)[None, :]).ravel()
    a_ub = sparse.csr_array(
        (np.ones(n * m), (cap_rows, cap_cols)), shape=(m, n * width)
    )
    started = time.perf_counter()
    res = linprog(
        c.ravel(),
        A_ub=a_ub,
        b_ub=[s.capacity for s in seats],
        A_eq=a_eq,
        b_eq=np.ones(n),
        bounds=(0, 1),
        method="highs-ipm",
    )
    return res.fun, time.perf_counter() - started


def run(people, workshops, choices, seats_per_person, repeat, seed=1):
    registrants, seats = instance(people, workshops, choices, seats_per_person, seed)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = allocate(registrants, seats)
        times.append(time.perf_counter() - started)
    bound, bound_time = lp_lower_bound(registrants, seats)
    capacity = sum(s.capacity for s in seats)
    kinds = result.kind_counts()
    print(
        f"\n{people} registrants × {workshops} workshops × {choices} choices, "
        f"{capacity} seats ({seats_per_person:.0%} of demand), seed {seed}"
    )
    print(
        f"  allocate(): median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
        f"over {repeat} runs"
    )
    print(f"  objective:       {result.objective}")
    print(f"  LP lower bound:  {bound:.3f}  (independent full LP, {bound_time:.2f} s)")
    gap = result.objective - bound
    print(f"  gap:             {gap:.3f} ({gap / max(bound, 1):.2e} relative)")
    ranks = ", ".join(f"{r}. choice {n}" for r, n in result.rank_counts().items())
    print(f"  ranks:           {ranks}")
    print(
        f"  other workshop:  {kinds['unranked']}, without a seat: {kinds['unassigned']}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--workshops", type=int, default=12)
    parser.add_argument("--choices", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--no-large",
        action="store_true",
        help="skip the second case, 20,000 × 40 × 5 (3 runs each)",
    )
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, SciPy {scipy.__version__}, "
        f"{platform.machine()}"
    )
    for seats_per_person in (1.05, 0.95):
        run(args.people, args.workshops, args.choices, seats_per_person, args.repeat)
    if not args.no_large:
        for seats_per_person in (1.05, 0.95):
            run(20_000, 40, 5, seats_per_person, 3)


if __name__ == "__main__":
    main()
