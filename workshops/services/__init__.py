"""Writes for preference allocation and rotation plans."""

from workshops.services.allocations import (
    REASONS,
    adjust_allocation,
    commit_allocation,
    discard_allocation,
    preview_allocation,
    preview_due_allocations,
)
from workshops.services.errors import (
    AllocationClosed,
    AllocationStale,
    CapacityExceeded,
    InvalidWorkshop,
    NoStations,
    NotPreferenceSlot,
    PlanInfeasible,
    PlanningError,
)
from workshops.services.rotation_plans import (
    build_speeddating_plan,
    build_world_cafe_plan,
    remove_from_rotation_plans,
)

__all__ = [
    "REASONS",
    "AllocationClosed",
    "AllocationStale",
    "CapacityExceeded",
    "InvalidWorkshop",
    "NoStations",
    "NotPreferenceSlot",
    "PlanInfeasible",
    "PlanningError",
    "adjust_allocation",
    "build_speeddating_plan",
    "build_world_cafe_plan",
    "commit_allocation",
    "discard_allocation",
    "preview_allocation",
    "preview_due_allocations",
    "remove_from_rotation_plans",
]
