"""Printable plan pages and the allocation preview, for the event's team.

They name participants, so only people who may view the event's registrations see
them; for everyone else the page does not exist (404), as in the admin.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.permissions import can_manage, can_view_registrations
from events.models import ProgrammeItem
from workshops import allocation, selectors
from workshops.models import AllocationRun, RotationPlan, Workshop
from workshops.services import REASONS

KIND_LABELS = selectors.KIND_LABELS


def require_team_member(user, event):
    if not can_view_registrations(user, event):
        raise Http404


@login_required
@require_GET
def speeddating_plan(request, pk):
    item = get_object_or_404(ProgrammeItem.objects.select_related("event"), pk=pk)
    require_team_member(request.user, item.event)
    plan = RotationPlan.objects.filter(programme_item=item).first()
    rounds = selectors.speeddating_rounds(plan=plan) if plan else []
    return render(
        request,
        "workshops/speeddating_plan.html",
        {
            "item": item,
            "event": item.event,
            "plan": plan,
            "rounds": rounds,
            "seating": selectors.seating_by_person(rounds),
        },
    )


@login_required
@require_GET
def world_cafe_plan(request, pk):
    workshop = get_object_or_404(Workshop.objects.select_related("event"), pk=pk)
    require_team_member(request.user, workshop.event)
    plan = RotationPlan.objects.filter(workshop=workshop).first()
    stations, groups = selectors.world_cafe_groups(plan=plan) if plan else ([], [])
    return render(
        request,
        "workshops/world_cafe_plan.html",
        {
            "workshop": workshop,
            "event": workshop.event,
            "plan": plan,
            "stations": stations,
            "groups": groups,
            "rounds": selectors.world_cafe_round_rows(groups),
        },
    )


@login_required
@require_GET
def allocation_preview(request, pk):
    run = get_object_or_404(
        AllocationRun.objects.select_related("time_slot__event", "created_by"), pk=pk
    )
    require_team_member(request.user, run.time_slot.event)
    summary = selectors.allocation_summary(run=run)
    for row in summary.rows:
        row.kind_label = KIND_LABELS[row.kind]
        row.reason_label = REASONS.get(row.reason, row.reason or "")
    other_counts = [
        (KIND_LABELS[kind], count)
        for kind, count in summary.kind_counts.items()
        if kind != allocation.RANKED
    ]
    return render(
        request,
        "workshops/allocation_preview.html",
        {
            "run": run,
            "event": run.time_slot.event,
            "summary": summary,
            "other_counts": other_counts,
            "ranked": allocation.RANKED,
            # The way onward: adjust, commit or discard (admin views), while open.
            "can_decide": run.status == AllocationRun.Status.PREVIEW
            and can_manage(request.user, run.time_slot.event),
        },
    )
