from django.urls import path

from care.views import clinician, links, sharing

app_name = "care"

urlpatterns = [
    # The clinician's side.
    path("care/", clinician.patient_list, name="patients"),
    path("care/service-number/", clinician.service_number, name="service_number"),
    path("care/patients/<int:pk>/", clinician.patient_page, name="patient"),
    path("care/patients/<int:pk>/export.csv", clinician.export_csv, name="export_csv"),
    path("care/patients/<int:pk>/export.fhir.json", clinician.export_fhir, name="export_fhir"),
    path("care/patients/<int:pk>/alerts/seen/", clinician.alerts_seen, name="alerts_seen"),
    path("care/patients/<int:pk>/alerts/known/", clinician.alert_known, name="alert_known"),
    path("care/patients/<int:pk>/break/confirm/", clinician.break_confirm, name="break_confirm"),
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
