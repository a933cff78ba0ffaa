"""The linear programmes of ``workshops.allocation``, and the dual prices of its
first pass, recovered from the integral optimum that ``milp`` returns without
duals (the tie-breaking pass needs them to know the optimal face).

numpy and SciPy only.
"""

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


class AllocationError(Exception):
    """The solver did not return an optimal integral allocation."""


def prices(x, c, var_unit, var_target, capacity, flows, m):
    """Optimal dual prices of the first pass, from its integral optimum ``x``.

    ``π_w ≥ 0`` is the price of a seat in workshop ``w`` (0 unless it is full),
    ``π_hub`` the price of "any workshop with room", 0 for staying out. They are
    the shortest distances in the exchange graph of the optimum: a unit of type
    ``t`` using option ``a`` bounds ``π_a ≤ π_b + c_tb − c_ta`` for its other
    options ``b``; hub flows bound ``π_hub ≤ π_w`` (and ``=`` where they carry
    flow). The graph has m + 3 nodes, so Floyd-Warshall is instant. Integer
    costs give integer prices; complementary slackness holds by construction,
    so together with ``x`` they prove the optimum and describe the optimal face
    exactly, as the simplex duals did.
    """
    hub, none, root = m, m + 1, m + 2
    size = m + 3
    n_type_vars = len(var_unit)
    used = np.flatnonzero(np.rint(x[:n_type_vars]) > 0.5)
    weight = np.full((size, size), np.inf)
    # For every used (unit, a) and every option b of that unit: edge b → a.
    order = np.argsort(var_unit, kind="stable")
    starts = np.searchsorted(var_unit[order], np.arange(var_unit.max(initial=-1) + 2))
    sources, targets, lengths = [], [], []
    for j in used:
        u = var_unit[j]
        options = order[starts[u] : starts[u + 1]]
        sources.append(var_target[options])
        targets.append(np.full(len(options), var_target[j]))
        lengths.append(c[options] - c[j])
    if sources:
        np.minimum.at(
            weight,
            (np.concatenate(sources), np.concatenate(targets)),
            np.concatenate(lengths),
        )
    load = np.zeros(m)
    seat_vars = used[var_target[used] < m]
    np.add.at(load, var_target[seat_vars], np.rint(x[seat_vars]))
    flow = np.rint(x[n_type_vars:])
    for k, w in enumerate(flows):
        load[w] += flow[k]
        weight[w, hub] = min(weight[w, hub], 0.0)
        if flow[k] > 0.5:
            weight[hub, w] = min(weight[hub, w], 0.0)
    weight[np.arange(m), root] = 0.0  # π_w ≥ 0
    not_full = np.flatnonzero(load < capacity - 0.5)
    weight[root, not_full] = 0.0  # a workshop with room has price 0
    weight[root, none] = weight[none, root] = 0.0
    np.fill_diagonal(weight, np.minimum(np.diag(weight), 0.0))
    dist = weight[root].copy()
    dist[root] = 0.0
    for _ in range(size):  # Bellman-Ford on a dense graph of m + 3 nodes
        relaxed = np.minimum(dist, (dist[:, None] + weight).min(axis=0))
        if np.array_equal(relaxed, dist):
            break
        dist = relaxed
    else:
        raise AllocationError("the first pass is not optimal (negative cycle)")
    return dist


def reduced_costs(x, c, var_unit, var_target, prices, flows):
    """Reduced costs of the first pass's variables under ``prices``; checks that
    they are non-negative and zero where ``x`` is used (complementary slackness)."""
    n_type_vars = len(var_unit)
    value = c[:n_type_vars] + prices[var_target]
    units = var_unit.max(initial=-1) + 1
    best = np.full(units, np.inf)
    np.minimum.at(best, var_unit, value)
    reduced_units = value - best[var_unit]
    hub = len(prices) - 3
    with np.errstate(invalid="ignore"):  # inf - inf: both unreachable
        reduced_flows = np.array([prices[w] - prices[hub] for w in flows], float)
    reduced = np.nan_to_num(
        np.concatenate([reduced_units, reduced_flows]), nan=np.inf, posinf=np.inf
    )
    used = np.rint(x) > 0.5
    finite = np.isfinite(reduced)
    if (reduced[finite] < -1e-6).any() or (np.abs(reduced[used]) > 1e-6).any():
        raise AllocationError("the first pass is not optimal")
    return np.where(finite, reduced, np.inf)


def transport(
    unit_options,
    supply,
    weights,
    capacity,
    flows,
    *,
    hub,
    hub_extra,
    tight,
    integral=False,
):
    """Solve min Σ weight·cost·x over units × options and hub flows with HiGHS.

    Rows: each unit takes exactly its supply; the hub passes on what it receives
    (plus ``hub_extra`` people fixed to it) to the workshops in ``flows``; each
    workshop takes at most (``tight``: exactly) its capacity.
    """
    var_unit: list[int] = []
    var_option: list[int] = []
    var_target: list[int] = []
    var_cost: list[float] = []
    for u, opts in enumerate(unit_options):
        for o, (target, _rank, cost) in enumerate(opts):
            var_unit.append(u)
            var_option.append(o)
            var_target.append(target)
            var_cost.append(cost * weights[u])
    n_vars = len(var_unit) + len(flows)
    units = np.asarray(var_unit, dtype=np.int64)
    targets = np.asarray(var_target, dtype=np.int64)
    n_units = len(unit_options)
    m = len(capacity)
    c = np.concatenate([np.asarray(var_cost, float), np.zeros(len(flows))])
    flow_cols = len(var_unit) + np.arange(len(flows))

    into_hub = np.flatnonzero(targets == hub)
    has_hub = bool(flows) or hub_extra > 0 or len(into_hub) > 0
    eq_rows = [units]
    eq_cols = [np.arange(len(units))]
    eq_vals = [np.ones(len(units))]
    b_eq = list(supply)
    if has_hub:
        eq_rows += [np.full(len(into_hub), n_units), np.full(len(flows), n_units)]
        eq_cols += [into_hub, flow_cols]
        eq_vals += [np.ones(len(into_hub)), -np.ones(len(flows))]
        b_eq.append(-hub_extra)
    n_eq = len(b_eq)

    seat = np.flatnonzero(targets < m)
    cap_rows = np.concatenate([targets[seat], np.asarray(flows, dtype=np.int64)])
    cap_cols = np.concatenate([seat, flow_cols])
    a_cap = sparse.csr_array(
        (np.ones(len(cap_rows)), (cap_rows, cap_cols)), shape=(m, n_vars)
    )
    a_eq = sparse.csr_array(
        (np.concatenate(eq_vals), (np.concatenate(eq_rows), np.concatenate(eq_cols))),
        shape=(n_eq, n_vars),
    )
    loose = ~tight
    a_ub = a_cap[np.flatnonzero(loose)]
    if tight.any():
        a_eq = sparse.vstack([a_eq, a_cap[np.flatnonzero(tight)]], format="csr")
        b_eq = b_eq + list(capacity[tight])
    b_eq = np.asarray(b_eq, float)
    if integral:
        # HiGHS's MIP solver, without its presolve: on this totally unimodular
        # matrix the root LP is integral already, and it gets there 20-40 times
        # faster than linprog's simplex at 20,000 people (no duals: _prices).
        constraints = [LinearConstraint(a_eq, b_eq, b_eq)]
        if a_ub.shape[0]:
            constraints.append(LinearConstraint(a_ub, -np.inf, capacity[loose]))
        res = milp(
            c,
            constraints=constraints,
            integrality=np.ones(n_vars),
            bounds=Bounds(0, np.inf),
            options={"presolve": False},
        )
        if res.status != 0 or res.x is None:
            raise AllocationError(res.message)
        return res, c, a_eq, a_ub, var_unit, var_option
    res = linprog(
        c,
        A_ub=a_ub if a_ub.shape[0] else None,
        b_ub=capacity[loose] if a_ub.shape[0] else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=(0, None),
        method="highs-ds",
    )
    if res.status != 0:
        raise AllocationError(res.message)
    return res, c, a_eq, a_ub, var_unit, var_option
