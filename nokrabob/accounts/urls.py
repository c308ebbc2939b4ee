from django.contrib.auth import views as auth_views
from django.urls import path

from nokrabob.accounts import views, views_login

app_name = "accounts"
urlpatterns = [
    path("login/", views_login.LoginView.as_view(), name="login"),
    path("login/code/", views_login.login_code, name="login_code"),
    path("two-factor/", views_login.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views_login.recovery_codes_renew, name="recovery_codes_renew"),
    path("password/", views_login.password_change, name="password_change"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/", views.user_edit_view, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password_view, name="user_password"),
]
