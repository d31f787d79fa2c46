"""Headers every response carries, beyond what Django's SecurityMiddleware and CSP set."""

from django.utils.cache import add_never_cache_headers

# Nothing in the diary uses these; denying them means an injected frame or script cannot
# either. Passkeys (publickey-credentials-*) are left as they are.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# URL namespaces whose pages show a patient's data to someone who may not be signed in
# (the visit link, the invitation naming her).
PRIVATE_NAMESPACES = {"care"}


class PrivateResponseMiddleware:
    """`Cache-Control: no-store, private` on every answer to a signed-in person and on the
    care side's public links, so the browser's back button and history on a shared computer
    show nothing after log-out and no proxy keeps a copy; a view that set its own
    Cache-Control (an export, a static file) keeps it. `Permissions-Policy` on everything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers and self.is_private(request):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response

    @staticmethod
    def is_private(request):
        user = getattr(request, "user", None)  # absent when whitenoise answered first
        if user is not None and user.is_authenticated:
            return True
        match = getattr(request, "resolver_match", None)
        return match is not None and bool(PRIVATE_NAMESPACES & set(match.namespaces))
