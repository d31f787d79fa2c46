from django.urls import path

from care.views import links, sharing

app_name = "care"

urlpatterns = [
    # The patient's side.
    path("sharing/", sharing.sharing, name="sharing"),
    path("sharing/access/<int:pk>/stop/", sharing.grant_stop, name="grant_stop"),
    path("sharing/invitations/<int:pk>/stop/", sharing.invitation_stop, name="invitation_stop"),
    path("sharing/visit-links/", sharing.visit_link_add, name="visit_link_add"),
    path("sharing/visit-links/<int:pk>/stop/", sharing.visit_link_stop, name="visit_link_stop"),
    # The links she hands out: public, the signed token is the proof.
    path("invitations/<str:token>/", links.invitation, name="invitation"),
    path("visit/<str:token>/", links.visit, name="visit"),
]
