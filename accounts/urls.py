from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("verifieren/", views.verify, name="verify"),
    path("tweestapsverificatie-instellen/", views.enrol, name="enrol"),
    path("uitloggen/", views.logout, name="logout"),
    path("overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
    path("", views.account, name="account"),
    path("registratienummers/", views.registration_numbers, name="registration_numbers"),
    path("herstelcodes/", views.backup_codes_regenerate, name="backup_codes"),
    path(
        "beheer/<id:user_id>/tweestapsverificatie-herstellen/",
        views.two_step_reset,
        name="two_step_reset",
    ),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
