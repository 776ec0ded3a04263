from django.urls import path

from fidelity import views

urlpatterns = [
    path("forms/<slug:name>/pdf/", views.fidelity_blank_pdf, name="fidelity_blank_pdf"),
]
