"""The pages a person opens from an answer link, without signing in (consumers/answer_links.py).

Nothing here names the person: not the page, not the address. A link that does not open
answers one page, the same whatever the reason. Until the date of birth is accepted the
pages show nothing but the question for it; once it is, this browser's session remembers
that, for this link only, with the answers given so far.

Until the date of birth is accepted nothing says who the person is, so the pages are in the
browser's language; once it is, in the person's own (curriculum/printing.py language_of),
through to the thank-you page.
"""

from functools import wraps

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from consumers import answer_links, person_answers
from consumers.forms.answer_links import BirthDateForm
from curriculum import printing

SESSION_KEY = "answer_link"
# The language the answers were given in, kept for the thank-you page after they are sent.
THANKS_LANGUAGE_KEY = "answer_link_language"
QUESTIONS = person_answers.SCALE_QUESTIONS
TOTAL = len(QUESTIONS)


def private(view):
    """No cache keeps these pages, no search engine lists them, and no other site is handed
    their address (which holds the token).

    The referrer goes to our own server only, which knows the token anyway: with
    "no-referrer" Chromium sends the form posts with `Origin: null`, which the CSRF check
    rightly refuses. The pages load nothing from anywhere else (the CSP says so).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def gone(request):
    """Unknown, altered, expired, used, revoked or ended: one page, one status."""
    return render(request, "consumers/answer_link/gone.html", status=404)


def answers_for(request, link):
    """The answers this browser has given through this link, or None before the date of
    birth was accepted here."""
    held = request.session.get(SESSION_KEY)
    if held and held.get("link") == link.pk:
        return held["answers"]
    return None


def keep(request, link, answers):
    request.session[SESSION_KEY] = {"link": link.pk, "answers": answers}


def in_their_language(link):
    return translation.override(printing.language_of(link.consumer))


def question_url(token, number):
    return reverse("answer_link_question", args=[token, number])


@private
@ensure_csrf_cookie
def start(request, token):
    """The first page: the date of birth, and nothing else."""
    link = answer_links.link_for(token, request=request)
    if link is None:
        return gone(request)
    form = BirthDateForm(request.POST if request.method == "POST" else None)
    wrong = False
    if request.method == "GET":
        answer_links.opened(link, request=request)
        if answers_for(request, link) is not None:
            return redirect(question_url(token, 1))
    elif form.is_valid():
        accepted, link = answer_links.check_birth_date(
            link, form.cleaned_data["date"], request=request
        )
        if accepted:
            # A new session key once the person is known: one set before cannot follow.
            request.session.cycle_key()
            keep(request, link, {})
            return redirect(question_url(token, 1))
        if not link.is_open():
            return gone(request)
        # A fresh try: the wrong date is not shown again.
        form, wrong = BirthDateForm(), True
    return render(
        request,
        "consumers/answer_link/start.html",
        {"form": form, "wrong": wrong, "tries_left": link.tries_left},
    )


@private
def question(request, token, number):
    """One question on its own screen; each answer is a post, then the next screen."""
    link = answer_links.link_for(token, request=request)
    if link is None or not 1 <= number <= TOTAL:
        return gone(request)
    answers = answers_for(request, link)
    if answers is None:
        return redirect("answer_link", token)
    with in_their_language(link):
        asked = QUESTIONS[number - 1]
        error = ""
        if request.method == "POST":
            move = request.POST.get("move")
            if move == "back":
                return redirect(question_url(token, max(number - 1, 1)))
            try:
                answer = None if move == "skip" else asked.answer_from(request.POST.get("answer"))
            except ValueError as refused:
                error = str(refused)
            else:
                if answer is None and move != "skip":
                    error = _("Please choose an answer, or skip this question.")
                else:
                    answers[asked.key] = answer
                    keep(request, link, answers)
                    if number < TOTAL:
                        return redirect(question_url(token, number + 1))
                    return redirect("answer_link_check", token)
        return render(
            request,
            "consumers/answer_link/question.html",
            {
                "question": asked,
                "answer": answers.get(asked.key),
                "position": number,
                "total": TOTAL,
                "can_go_back": number > 1,
                "action": question_url(token, number),
                "error": error,
            },
        )


@private
def check(request, token):
    """Every answer to look over, each with a way back to change it; then send them."""
    link = answer_links.link_for(token, request=request)
    if link is None:
        return gone(request)
    answers = answers_for(request, link)
    if answers is None:
        return redirect("answer_link", token)
    if request.method == "POST":
        saved = answer_links.submit(link, answers, request=request)
        request.session.pop(SESSION_KEY, None)
        if saved is None:
            return gone(request)
        request.session[THANKS_LANGUAGE_KEY] = printing.language_of(link.consumer)
        return redirect("answer_link_thanks")
    rows = [
        (number, q, q.label_of(answers.get(q.key)), question_url(token, number))
        for number, q in enumerate(QUESTIONS, start=1)
    ]
    with in_their_language(link):
        return render(request, "consumers/answer_link/check.html", {"rows": rows})


@private
def thanks(request):
    """Said to whoever sent answers; it names nothing, so anyone may open it. In the
    language the answers were given in, else the browser's."""
    language = request.session.get(THANKS_LANGUAGE_KEY) or translation.get_language()
    with translation.override(language):
        return render(request, "consumers/answer_link/thanks.html")
