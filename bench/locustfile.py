"""The users of the soak test (bench/soak.py): practitioners and leaders at work at once.

Practitioners open their caseload and charts, log an individual session and write its
progress note, and sometimes sign it. Leaders open the fidelity dashboard, an item's
drill-down, the notes waiting for review, and charts. Every write the app acknowledges (a
redirect after the post) goes into the ledger file, so bench/soak.py can look for each one
in the database afterwards; every answer that is not a success goes into the events file,
with its time, so bench/soak.py can tell the outage from the rest.

It reads forms as a browser does (the page's own fields and values) and changes only what
a person would type. It does not import Django: it only speaks HTTP.
"""

import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from html.parser import HTMLParser

from locust import HttpUser, between, task

CONFIG = json.loads(open(os.environ["SOAK_CONFIG"]).read())
LEDGER = open(os.environ["SOAK_LEDGER"], "a", buffering=1)
EVENTS = open(os.environ["SOAK_EVENTS"], "a", buffering=1)
WRITE_LOCK = threading.Lock()
# The 503 page the app shows while the database is out of reach (templates/503.html).
OUTAGE_PAGE = "could not reach the records"

practitioners = itertools.cycle(CONFIG["practitioners"])
leaders = itertools.cycle(CONFIG["leaders"])


def write(stream, **entry):
    with WRITE_LOCK:
        stream.write(json.dumps(entry) + "\n")


class FormReader(HTMLParser):
    """The fields of each form on a page, with the values a browser would send untouched."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self.form["fields"].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = {"name": a.get("name"), "chosen": None, "first": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None and value:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"] = value
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            chosen = self.select["chosen"]
            self.form["fields"].append((self.select["name"], chosen or ""))
            self.form.setdefault("first_choice", {})[self.select["name"]] = self.select["first"]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, text = self.textarea
            self.form["fields"].append((name, text.removeprefix("\n")))
            self.textarea = None


def form_with(html, field):
    """(fields as a dict of lists, first options of selects) of the form holding `field`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        names = [name for name, _ in form["fields"]]
        if any(name == field or re.fullmatch(field, name) for name in names):
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return data, form.get("first_choice", {})
    return None, {}


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    pool = None

    def on_start(self):
        self.username = next(self.pool)["username"]
        self.signed_in = False
        self.sign_in()

    def sign_in(self):
        page = self.get("/accounts/login/", name="sign-in page")
        if page is None:
            return
        data, _ = form_with(page.text, "username")
        data.update(username=[self.username], password=[CONFIG["password"]])
        answer = self.post("/accounts/login/", data, name="sign in")
        self.signed_in = answer is not None and "/accounts/login/" not in answer.url

    def request(self, method, url, name, **kwargs):
        """One request; a success returns the response, anything else is noted and None."""
        if not self.signed_in and name not in ("sign-in page", "sign in"):
            self.sign_in()
            if not self.signed_in:
                return None
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as r:
            if r.status_code < 400 and "/accounts/login/" in r.url and "sign" not in name:
                self.signed_in = False  # the session ended (a restart does not end it)
            if r.status_code < 400:
                r.success()
                return r
            clean = r.status_code == 503 and OUTAGE_PAGE in r.text
            write(EVENTS, at=time.time(), name=name, status=r.status_code, clean=clean)
            r.failure(f"{r.status_code} {'outage page' if clean else 'error'}")
            return None

    def get(self, url, name, **kwargs):
        return self.request("GET", url, name, **kwargs)

    def post(self, url, data, name, **kwargs):
        token = self.client.cookies.get("csrftoken", "")
        return self.request("POST", url, name, data=data, headers={"X-CSRFToken": token}, **kwargs)

    def open_caseload(self):
        page = self.get("/consumers/", name="caseload")
        if page is None:
            return []
        return sorted(set(re.findall(r'href="/consumers/(\d+)/"', page.text)))

    def read_a_chart(self):
        people = self.open_caseload()
        if people:
            self.get(f"/consumers/{random.choice(people)}/", name="chart")


class Practitioner(Staff):
    weight = 4
    pool = practitioners

    @task(3)
    def caseload_and_chart(self):
        self.read_a_chart()

    @task(2)
    def log_a_session_and_write_its_note(self):
        start = self.get("/sessions/new/", name="new session: whom")
        if start is None:
            return
        choice = re.search(r'name="consumer"[^>]*>(.*?)</select>', start.text, re.S)
        people = re.findall(r'value="(\d+)"', choice.group(1)) if choice else []
        if not people:
            return
        person = random.choice(people)
        url = f"/sessions/new/?consumer={person}"
        page = self.get(url, name="new session: form")
        if page is None:
            return
        data, first = form_with(page.text, "held_on")
        data[f"attend_{person}"] = ["present"]
        data["place"] = [data.get("place", [""])[0] or first.get("place") or "agency"]
        data["topic"] = [str(random.randint(1, 10))]
        data["steps_done"] = ["teach", "summarize"]
        logged = self.post(url, data, name="new session: save", allow_redirects=False)
        if logged is None or logged.status_code != 302:
            return
        session = re.fullmatch(r"/sessions/(\d+)/", logged.headers["Location"]).group(1)
        write(LEDGER, kind="session", session=int(session), consumer=int(person))

        notes_url = f"/sessions/{session}/notes/"
        page = self.get(notes_url, name="notes: form")
        if page is None:
            return
        data, _ = form_with(page.text, rf"n{person}-revision")
        if data is None:
            return
        marker = f"soak-{uuid.uuid4()}"
        data[f"n{person}-practitioner_perspective"] = [marker]
        data[f"n{person}-next_plan"] = [f"{marker} next time"]
        data[f"n{person}-problem_in_focus"] = ["Sleeping badly before work"]
        saved = self.post(notes_url, data, name="notes: save", allow_redirects=False)
        if saved is None or saved.status_code != 302:
            return
        write(LEDGER, kind="note", session=int(session), consumer=int(person), marker=marker)

        if random.random() < 0.25:
            signed = self.post(
                f"/sessions/{session}/notes/sign/",
                {"password": CONFIG["password"]},
                name="notes: sign",
                allow_redirects=False,
            )
            if signed is not None and signed.status_code == 302:
                write(LEDGER, kind="signed", session=int(session), consumer=int(person))


class Leader(Staff):
    weight = 1
    pool = leaders

    def on_start(self):
        me = next(self.pool)
        self.username, self.program = me["username"], me["program"]
        self.signed_in = False
        self.sign_in()

    @task(3)
    def dashboard(self):
        self.get(f"/fidelity/programs/{self.program}/", name="fidelity dashboard")

    @task(1)
    def drill_down(self):
        item = random.randint(1, 13)
        self.get(f"/fidelity/programs/{self.program}/items/{item}/", name="fidelity item")

    @task(1)
    def notes_to_review(self):
        self.get("/sessions/notes/review/", name="notes to review")

    @task(2)
    def chart(self):
        self.read_a_chart()
