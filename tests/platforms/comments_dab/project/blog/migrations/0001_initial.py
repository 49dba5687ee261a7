# Made by `manage.py makemigrations blog` (Django 4.2), wrapped to the project's line length.
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = ()
    operations = (
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("slug", models.SlugField(unique=True)),
                ("author", models.CharField(max_length=100)),
                ("body", models.TextField()),
                ("publish", models.DateTimeField()),
            ],
            options={"ordering": ("-publish",)},
        ),
    )
