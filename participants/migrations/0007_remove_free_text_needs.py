from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_move_free_text_needs"),
    ]

    operations = [
        migrations.RemoveField(model_name="registration", name="accessibility_needs"),
        migrations.RemoveField(model_name="registration", name="catering_notes"),
    ]
