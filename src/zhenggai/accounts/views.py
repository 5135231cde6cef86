"""Sign in, sign out and change password: Django's auth views with our Chinese forms and templates."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import ChangePasswordForm, LoginForm

login = auth_views.LoginView.as_view(
    form_class=LoginForm,
    template_name="registration/login.html",
    redirect_authenticated_user=True,
)

# POST only (Django 5): a link cannot sign anyone out.
logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:login"))

password_change = auth_views.PasswordChangeView.as_view(
    form_class=ChangePasswordForm,
    template_name="registration/password_change_form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)

password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html",
)
