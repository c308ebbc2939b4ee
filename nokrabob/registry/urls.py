from django.urls import path

from nokrabob.registry import views, views_follow_up, views_outreach

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create_view, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit_view, name="person_edit"),
    path("<int:pk>/welfare/", views.welfare_add_view, name="welfare_add"),
    path("<int:pk>/occupations/", views.occupation_add_view, name="occupation_add"),
    path("<int:pk>/contacts/", views.contact_add_view, name="contact_add"),
    path("<int:pk>/referrals/", views.referral_add_view, name="referral_add"),
    path("<int:pk>/consent/", views.consent_view, name="consent"),
    path("<int:pk>/merge/", views.merge_pick_view, name="merge_pick"),
    path("<int:pk>/merge/<int:other>/", views.person_merge_view, name="person_merge"),
    path("outreach/", views_outreach.outreach_view, name="outreach"),
    path("follow-ups/", views_follow_up.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views_follow_up.follow_up_detail, name="follow_up_detail"),
    path("activities/", views_outreach.activity_list, name="activity_list"),
    path("activities/new/", views_outreach.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/", views_outreach.activity_detail, name="activity_detail"),
    path("communities/", views_outreach.community_list, name="community_list"),
    path("households/new/", views_outreach.household_create_view, name="household_create"),
    path("households/<int:pk>/", views_outreach.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views_outreach.household_edit_view, name="household_edit"),
    path("households/<int:pk>/consent/", views_outreach.household_consent, name="household_consent"),
]
