from django.urls import path

from consumers import views

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.consumer_create, name="consumer_create"),
    path("<int:pk>/", views.consumer_chart, name="consumer_chart"),
    path("<int:pk>/edit/", views.consumer_edit, name="consumer_edit"),
]
