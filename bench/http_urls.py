"""The product's URLs plus the reference: a bare view rendering a tiny template."""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


def bare(request):
    return render(request, "bench/tiny.html", {"title": "Bench", "message": "Hallo"})


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
