"""The patient's rights from her settings page: download everything, delete her account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render

from audit.services import Kind, record, target
from privacy import download, services
from privacy.forms import DeleteAccountForm
from tracker import selectors
from tracker.access import patient_required


@patient_required
def download_everything(request):
    record(Kind.EXPORT, actor=request.user, target=target("zip", "everything"), request=request)
    return download.zip_download(user=request.user, today=selectors.local_today(request.profile))


@patient_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user, email = request.user, request.user.email
        # Signed out first, so the sign-out is logged while the account still exists (the
        # deletion then leaves the log only her id).
        logout(request)
        services.delete_account(user=user)
        messages.success(
            request, f"Your account and diary are deleted. We sent a last email to {email}."
        )
        return redirect("tracker:home")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "what_goes": services.what_goes()},
        status=400 if form.errors else 200,
    )
