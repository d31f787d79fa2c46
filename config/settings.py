"""Settings for the symptom diary, read from the environment (see `.env.example`).

The defaults make a fresh clone run: SQLite under `var/`, Celery on a filesystem broker, email
printed to the console. Production sets `DATABASE_URL`, `REDIS_URL` and `DJANGO_EMAIL_URL`.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin with the site of accounts/admin_site.py (allauth sign-in, MFA).
    "accounts.apps.AppAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts",
    "tracker",
    "knowledge",
    "reminders",
    "trends",
    "reports",
    "care",
    "audit",
    "privacy",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Outside whitenoise, so static files get Permissions-Policy too; reads request.user on
    # the way out.
    "config.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a session idle too long (or, on the care side, open too long), with a message
    # saying so: accounts/sessions.py.
    "accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "audit.middleware.ClientAddressMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Forms render through crispy (`config.forms.fields_helper`); widgets through the templates
# folder, where the app's scale buttons and count steppers live (templates/forms/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# An empty DATABASE_URL counts as unset.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two requests saving the
    # same day queue up instead of failing with "database is locked"; WAL lets the web
    # server and the Celery worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, so a page's queries keep one text whatever the patient or
    # dates, and psycopg prepares each after its 5th run on a connection: PostgreSQL then skips
    # planning them (a Today page spent ~4 ms planning its queries, bench/dashboard.py). Behind a
    # pooler in transaction mode without prepared-statement support, DJANGO_DB_PREPARE_THRESHOLD=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=env.int("DJANGO_DB_PREPARE_THRESHOLD", default=5) or None,
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # One cache for every process of this machine (web, worker, beat), as Redis is for all of
    # a deployment's: kept pages, their version tokens and the lockout counters are shared.
    # Files rather than a table in SQLite: writing a 190 KB kept page would take SQLite's one
    # write lock from the diary's own writes. A per-process cache is refused (config/checks.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, reading the patient's profile with her account (tracker/auth.py).
    "tracker.auth.ModelBackendWithProfile",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Django's CommonPasswordValidator's 20,000 are in this list of 49,233 (accounts/data/).
    {"NAME": "accounts.validators.KnownPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "tracker:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Its forms and emails in the diary's words: its own labels, and the app's name on every
# subject instead of "[<domain>]".
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Symptom Diary: "
# Sign-up answers the same for a new and a registered address ("we sent you a code"), which
# allauth can only do when every address is confirmed before its account is used: a new
# patient types the 6-character code from her email and goes straight on to her therapy
# questions; the owner of a registered address gets an email saying someone tried to sign
# up with it.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
# One address per account; a new one replaces the old only once confirmed (by its code).
ACCOUNT_CHANGE_EMAIL = True
# The password again (or the second factor) before changing email, password or MFA, unless
# she signed in within the last 5 minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Emails to her (the old address for an email change) after every change to how she signs
# in, and after a sign-in from a new browser (accounts.adapter.AccountAdapter.post_login).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Lockout: after this many failed sign-ins for one account from one address, that account is
# paused at that address for this many minutes (allauth's `login_failed` limit on the shared
# cache, keyed by accounts.adapter); a password reset lifts it. Other accounts, and the same
# account elsewhere, are not affected. The per-address limit of sign-in requests (30 a minute)
# stays allauth's.
ACCOUNT_LOGIN_ATTEMPTS = env.int("DJANGO_LOGIN_ATTEMPTS", default=5)
ACCOUNT_LOGIN_LOCKOUT_MINUTES = env.int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=15)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{ACCOUNT_LOGIN_ATTEMPTS}/{ACCOUNT_LOGIN_LOCKOUT_MINUTES}m/key",
}
# Proxies of our own in front of the app (the HTTPS proxy: 1): the client's address is then
# read from X-Forwarded-For, so the lockout and allauth's limits count each client, not the
# proxy. 0 (no proxy) ignores X-Forwarded-For, which a client could forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SIGNUP_REDIRECT_URL = "tracker:onboarding"
# "Keep me signed in" is asked at sign-in. Without it the session ends with the browser and after
# SESSION_IDLE_MINUTES_PATIENT without activity; with it, after SESSION_COOKIE_AGE (14 days).
ACCOUNT_SESSION_REMEMBER = None
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES_PATIENT = env.int("DJANGO_SESSION_IDLE_MINUTES_PATIENT", default=30)
# Clinicians and staff, "Keep me signed in" or not (accounts/sessions.py).
SESSION_IDLE_MINUTES_CLINICIAN = env.int("DJANGO_SESSION_IDLE_MINUTES_CLINICIAN", default=15)
SESSION_MAX_HOURS_CLINICIAN = env.int("DJANGO_SESSION_MAX_HOURS_CLINICIAN", default=12)
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False

# A second factor at sign-in (allauth.mfa): required of clinicians before any patient's data
# is shown (`care.access.clinician_required`), offered to patients on their settings page.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Symptom Diary"
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "accounts.mfa.ActivateTOTPForm",
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
    "add_webauthn": "accounts.mfa.AddWebAuthnForm",
}
# No MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN: fido2 already accepts http://localhost (a secure
# context for browsers), which is where development and the browser tests run.

# Every form renders through django-crispy-forms: the app's field template
# (`config.forms.fields_helper`) or, on the care side, the Bootstrap 5 pack's.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Email: one URL, e.g. smtp+tls://user:password@mail.example.org:587, or consolemail:// to
# print messages (the development default).
_email = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}
_smtp = _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        # A mail server that stops answering must not hold a worker for ever.
        "OPTIONS": {option: _email[key] for key, option in _SMTP_OPTIONS.items() if _email.get(key)}
        | {"timeout": env.int("DJANGO_EMAIL_TIMEOUT", default=30)}
        if _smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Symptom Diary <diary@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy: nothing from elsewhere, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # `make run` serves plain HTTP on this machine, where a browser may refuse secure cookies.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport under var/,
# which needs no server (fine for one developer, not for production).
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),  # else ./control
        "store_processed": False,
    }
# Deployments (or test runs) that share one Redis keep their tasks apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# One beat for the whole deployment. The dispatcher looks every minute at who is due (the
# database decides, so a tick that comes late or twice does no harm); a tick not started
# within the minute is dropped rather than piled up behind a backlog.
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "reminders.tasks.dispatch_due_reminders",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "sweep-stuck-deliveries": {
        "task": "reminders.tasks.sweep_stuck_deliveries",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Alerts are evaluated after every saved day; this nightly run over everyone who shares is
    # the safety net (a lost task, a changed timeline), each patient on her own local date.
    # One run for all at 02:30 UTC, rather than one per time zone: nothing waits on its hour.
    "raise-alerts-nightly": {
        "task": "care.tasks.raise_alerts_for_sharers",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 3600},
    },
    # The weekly digest goes out on Monday from 08:00 in each clinician's time zone: an hourly
    # look at who is due (a zone's Monday morning falls on some hour of UTC).
    "dispatch-weekly-digests": {
        "task": "care.tasks.dispatch_weekly_digests",
        "schedule": crontab(minute=5),
        "options": {"expires": 3000},
    },
}
# Shares and invitations one patient may make in an hour (each may email someone).
CARE_SHARES_PER_HOUR = env.int("CARE_SHARES_PER_HOUR", default=10)
# Patients per nightly alert task (four queries per batch, however large).
CARE_ALERTS_BATCH_SIZE = env.int("CARE_ALERTS_BATCH_SIZE", default=500)

# Reminders: how many emails one send task sends over one mail connection, and the address
# of the site that the links in emails point to. A batch's fixed costs (its queries, the
# rendered layout, the mail connection) were a tenth of each email's at 100 (bench/fanout.py);
# 500 at a slow 0.3 s an email still ends far inside the task's time limit.
REMINDERS_BATCH_SIZE = env.int("REMINDERS_BATCH_SIZE", default=500)
# One address for every process: not derived from `PORT`, which honcho sets apart for each
# process it starts (the worker's links pointed at a port where nothing listened). `make run`
# names the web server's address here; a deployment names its own.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
