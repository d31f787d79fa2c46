from django.urls import path

from care.views import clinician

app_name = "care"

urlpatterns = [
    path("care/", clinician.patient_list, name="patients"),
    path("care/patients/<int:pk>/", clinician.patient_page, name="patient"),
    path("care/patients/<int:pk>/export.csv", clinician.export_csv, name="export_csv"),
    path("care/patients/<int:pk>/export.fhir.json", clinician.export_fhir, name="export_fhir"),
    path("care/patients/<int:pk>/alerts/seen/", clinician.alerts_seen, name="alerts_seen"),
]
