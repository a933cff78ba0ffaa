from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path(
        "staff/workshops/speeddating/<int:pk>/",
        views.speeddating_plan,
        name="speeddating_plan",
    ),
    path(
        "staff/workshops/world-cafe/<int:pk>/",
        views.world_cafe_plan,
        name="world_cafe_plan",
    ),
    path(
        "staff/workshops/zuteilung/<int:pk>/",
        views.allocation_preview,
        name="allocation_preview",
    ),
]
