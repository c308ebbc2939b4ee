from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nokrabob.core.http import acting_user
from nokrabob.reminders.selectors import deadlines_for, reminders_sent_to


@login_required
def my_deadlines(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    return render(
        request,
        "reminders/my_deadlines.html",
        {"rows": deadlines_for(user, today), "sent": reminders_sent_to(user), "today": today},
    )
