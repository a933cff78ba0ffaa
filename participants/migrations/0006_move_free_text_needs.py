"""Move the old free-text notes (Barrierefreiheit, Verpflegung) into Needs.notes.

They were collected before the separate health-data consent existed; they are
kept as they were given and go with the needs deletion after the event.
"""

from django.db import migrations


def forward(apps, schema_editor):
    Registration = apps.get_model("participants", "Registration")
    Needs = apps.get_model("participants", "Needs")
    rows = (
        Registration.objects.exclude(accessibility_needs="", catering_notes="")
        .values_list("pk", "accessibility_needs", "catering_notes")
        .iterator()
    )
    batch = []
    for pk, access, catering in rows:
        parts = [text.strip() for text in (access, catering) if text.strip()]
        if parts:
            batch.append(Needs(registration_id=pk, notes="\n\n".join(parts)))
        if len(batch) >= 500:
            Needs.objects.bulk_create(batch)
            batch = []
    Needs.objects.bulk_create(batch)


def backward(apps, schema_editor):
    Registration = apps.get_model("participants", "Registration")
    Needs = apps.get_model("participants", "Needs")
    for needs in Needs.objects.iterator():
        Registration.objects.filter(pk=needs.registration_id).update(
            accessibility_needs=needs.notes
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_needs_and_groups"),
    ]

    operations = [migrations.RunPython(forward, backward)]
