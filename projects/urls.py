from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projekte/", views.project_list, name="project_list"),
    path("projekte/<slug:slug>/", views.project_detail, name="project_detail"),
    path("kommunen/", views.municipality_list, name="municipality_list"),
    path(
        "kommunen/<slug:slug>/",
        views.municipality_detail,
        name="municipality_detail",
    ),
]
