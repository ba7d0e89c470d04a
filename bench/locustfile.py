"""Locust users for bench/load.py: signed-in group leaders doing the portal's daily mix.

bench/load.py signs the users in through the real two-step sign-in and hands their
sessions over in the JSON file named by BENCH_LOAD_USERS. Each Locust user rotates
through its share of those sessions, so all of them are in use at every level.
"""

import itertools
import json
import os
import random

from locust import HttpUser, task

with open(os.environ["BENCH_LOAD_USERS"], encoding="utf-8") as handle:
    SESSIONS = json.load(handle)
_next_slot = itertools.count()


class Leader(HttpUser):
    # No think time: the benchmark measures what the server sustains.
    def on_start(self):
        slot = next(_next_slot)
        count = self.environment.runner.target_user_count or 1
        self.people = SESSIONS[slot % count :: count] or [SESSIONS[slot % len(SESSIONS)]]

    def _person(self) -> dict:
        return random.choice(self.people)  # noqa: S311 - load mix, not security

    def _get(self, url: str, name: str, person: dict):
        self.client.cookies.clear()  # only the person's own cookies go along
        with self.client.get(
            url, cookies=person["cookies"], name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(40)
    def register_list(self):
        person = self._person()
        self._get(person["list_url"], "register list", person)

    @task(30)
    def patient_page(self):
        person = self._person()
        self._get(random.choice(person["patient_urls"]), "patient page", person)  # noqa: S311

    @task(20)
    def autosave(self):
        person = self._person()
        person["words"] = person.get("words", 0) + 1
        headers = {
            "X-CSRFToken": person["cookies"]["csrftoken"],
            "HX-Request": "true",
            "Referer": person["referer"],
        }
        data = {"advice": "Advies " + "woord " * person["words"], "version": person["version"]}
        self.client.cookies.clear()
        with self.client.post(
            person["autosave_url"], data=data, headers=headers, cookies=person["cookies"],
            name="autosave", catch_response=True, allow_redirects=False,
        ) as response:  # fmt: skip
            if response.status_code == 200:
                person["version"] += 1
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(10)
    def dashboard(self):
        person = self._person()
        self._get(person["dashboard_url"], "dashboard", person)
