"""Fans' pages: thin views that read the request, ask the models and render."""
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from europa import live
from europa.bracket_json import bracket_data
from europa.models import Competition


def _bracket_response(request, competition):
    rounds = competition.rounds_with_ties()
    template_name = "europa/bracket.html"
    if request.htmx:
        template_name += "#bracket"
    context = {"competition": competition, "rounds": rounds, "poll_seconds": live.poll_seconds(rounds)}
    return TemplateResponse(request, template_name, context)


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    competition = Competition.objects.current()
    if competition is None:
        return TemplateResponse(request, "europa/empty.html", status=404)
    return _bracket_response(request, competition)


@require_GET
@vary_on_headers("HX-Request")
def bracket(request, slug):
    return _bracket_response(request, get_object_or_404(Competition, slug=slug))


@require_GET
def bracket_json(request, slug):
    competition = get_object_or_404(Competition, slug=slug)
    data = bracket_data(competition, competition.rounds_with_ties())
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
@vary_on_headers("HX-Request")
def tie(request, slug, code):
    competition = get_object_or_404(Competition, slug=slug)
    rounds = competition.rounds_with_ties()
    ties = [tie for round in rounds for tie in round.ties.all()]
    shown = next((tie for tie in ties if tie.code == code), None)
    if shown is None:
        raise Http404(f"No tie {code} in {competition}.")
    template_name = "europa/tie.html"
    if request.htmx:
        template_name += "#tie"
    context = {
        "competition": competition,
        "tie": shown,
        "feeders": [t for pk in (shown.home_from_id, shown.away_from_id) for t in ties if t.pk == pk],
        "next_ties": [t for t in ties if shown.pk in (t.home_from_id, t.away_from_id)],
        "poll_seconds": live.poll_seconds(rounds),
    }
    return TemplateResponse(request, template_name, context)
