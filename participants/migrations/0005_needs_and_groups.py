import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_remove_wants_waitlist"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="group_lead",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="group_members",
                to="participants.registration",
                verbose_name="Angemeldet von",
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("privacy_notice", "Datenschutzhinweis zur Kenntnis genommen"),
                    ("photos", "Fotos und Aufzeichnungen"),
                    ("participant_list", "Veröffentlichte Teilnehmendenliste"),
                    ("health_data", "Gesundheitsdaten (Bedarfe)"),
                ],
                max_length=30,
                verbose_name="Art",
            ),
        ),
        migrations.CreateModel(
            name="Needs",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "step_free",
                    models.BooleanField(
                        default=False, verbose_name="Stufenloser Zugang"
                    ),
                ),
                (
                    "sign_language",
                    models.BooleanField(
                        default=False, verbose_name="Gebärdensprachdolmetschung"
                    ),
                ),
                (
                    "induction_loop",
                    models.BooleanField(
                        default=False, verbose_name="Induktive Höranlage"
                    ),
                ),
                (
                    "assistance",
                    models.BooleanField(
                        default=False, verbose_name="Assistenz oder Begleitperson"
                    ),
                ),
                (
                    "vegetarian",
                    models.BooleanField(
                        default=False, verbose_name="Vegetarisches Essen"
                    ),
                ),
                (
                    "vegan",
                    models.BooleanField(default=False, verbose_name="Veganes Essen"),
                ),
                (
                    "allergies",
                    models.TextField(
                        blank=True, verbose_name="Allergien und Unverträglichkeiten"
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="Weitere Bedarfe")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="Angelegt"),
                ),
                (
                    "registration",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="needs",
                        to="participants.registration",
                        verbose_name="Anmeldung",
                    ),
                ),
            ],
            options={
                "verbose_name": "Bedarf",
                "verbose_name_plural": "Bedarfe",
            },
        ),
    ]
