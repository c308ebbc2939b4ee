"""What the load benchmark needs besides the imported people: staff accounts, an open self-registration
campaign, and samples of real names and districts to search for. ``python -m bench.load.setup OUT.json``
with the benchmark's settings; it reads people but runs no maintenance (no ANALYZE, no VACUUM).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys

import django

PASSWORD = "bench-load-Passw0rd!"
DEPARTMENT_USERS = 25
DISTRICT_USERS = 25
NAME_SAMPLES = 400


def main(out: str) -> None:
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from nokrabob.accounts.models import User
    from nokrabob.accounts.services import unit_by_code, user_create
    from nokrabob.collection.demo import DEMO_FORM
    from nokrabob.collection.models import Campaign
    from nokrabob.collection.services import campaign_create, campaign_load_questions
    from nokrabob.core.reference import SOCIAL_DEVELOPMENT_CODE
    from nokrabob.registry.models import Occupation

    rng = random.Random(16)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT district_code, count(*) FROM registry_person WHERE district_code LIKE '10%%' "
            "GROUP BY district_code ORDER BY 2 DESC"
        )
        districts = [code for code, _n in cursor.fetchall()][:DISTRICT_USERS]
    users: list[dict[str, str]] = []
    for i in range(DEPARTMENT_USERS + DISTRICT_USERS):
        district = districts[i % len(districts)] if i >= DEPARTMENT_USERS else ""
        role, unit = ("district_staff", f"BMA-D{district}") if district else ("department_staff", "2400")
        username = f"load{i:02d}"
        if not User.objects.filter(username=username).exists():
            user_create(actor=None, username=username, password=PASSWORD, role=role, unit=unit_by_code(unit))
        users.append({"username": username, "district": district})
    department = User.objects.get(username="load00")
    campaign = Campaign.objects.filter(name="load benchmark").first()
    if campaign is None:
        today = timezone.localdate()
        campaign = campaign_create(
            actor=department,
            fields={
                "name": "load benchmark",
                "fiscal_year": 2570,
                "opens_on": today - dt.timedelta(days=1),
                "closes_on": today + dt.timedelta(days=60),
                "owner_unit": unit_by_code(SOCIAL_DEVELOPMENT_CODE),
            },
            occupations=list(Occupation.objects.filter(is_target_group=True)),
        )
        campaign_load_questions(actor=department, campaign=campaign, form=DEMO_FORM)
    forms = [(cd.token, cd.district_code) for cd in campaign.districts.all()]
    names: dict[str, list[list[str]]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM registry_person")
        low, high = cursor.fetchone()
        ids = rng.sample(range(low, high + 1), NAME_SAMPLES * 3)
        cursor.execute(
            "SELECT id, first_name, last_name, district_code FROM registry_person WHERE id = ANY(%s)",
            [ids],
        )
        rows = cursor.fetchall()
    for _pk, first, last, district in rows:
        if len(last) > 2:
            names.setdefault("", []).append([first, last[:-1]])
            names.setdefault(district, []).append([first, last[:-1]])
    occupation = Occupation.objects.filter(is_target_group=True).values_list("code", flat=True).first()
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "password": PASSWORD,
                "users": users,
                "forms": forms,
                "occupation": occupation,
                "names": names,
                "person_ids": [r[0] for r in rows],
            },
            f,
            ensure_ascii=False,
        )
    print(f"{len(users)} users, {len(forms)} form links, {len(rows)} sampled people → {out}")


if __name__ == "__main__":
    main(sys.argv[1])
