"""The bracket at every size, on every screen: cups of 2 to 64 teams (tools/sample_cups.py,
long real club names) at a phone's, a tablet's, a laptop's and a wide screen's width, in
light and dark. One page for each: no card over another, no sideways scroll, every
connector meeting the cards it joins, no name cut or wrapped word by word, and axe.
"""
import pytest
from playwright.sync_api import expect

from europa import results
from europa.models import Tie
from tests.e2e.conftest import PHONE
from tests.e2e.test_fans_bracket import describe_violations, serious_violations, wait_until_still
from tools.sample_cups import SIZES

WIDTHS = (390, 820, 1280, 1920)
NEAR = 0.75  # px: less than a screen pixel between a line's end and what it meets

# Everything the checks need from the page, measured in one go: each card's box, each line
# drawn by the stylesheet (::before and ::after, from their computed position), each
# visible name's overflow and lines.
MEASURE = """() => {
  const px = value => parseFloat(value) || 0;
  const cards = {}, lines = [], names = [];
  document.querySelectorAll(".bracket .tie").forEach(card => {
    const box = card.getBoundingClientRect();
    cards[card.id.slice(4)] = {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
  });
  document.querySelectorAll(".bracket :is(.slot, .pair, .tie)").forEach(element => {
    const own = getComputedStyle(element), box = element.getBoundingClientRect();
    for (const pseudo of ["::before", "::after"]) {
      const drawn = getComputedStyle(element, pseudo);
      if (drawn.content === "none" || drawn.display === "none") continue;
      const left = box.left + px(own.borderLeftWidth) + px(drawn.left);
      const top = box.top + px(own.borderTopWidth) + px(drawn.top);
      lines.push({left, top, right: left + px(drawn.width), bottom: top + px(drawn.height)});
    }
  });
  const lineCount = element => {
    if (!element.firstElementChild) {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map(rect => Math.round(rect.bottom))).size;
    }
    return Math.round(element.getBoundingClientRect().height / px(getComputedStyle(element).lineHeight));
  };
  document.querySelectorAll(".bracket .side__name").forEach(name => {
    const full = name.querySelector(".side__full"), short = name.querySelector(".side__short");
    const shown = full && full.getBoundingClientRect().width <= 1 ? short : (full || name);
    names.push({
      text: name.textContent, known: name.tagName === "A", words: name.textContent.split(/\\s+/).length,
      cut: shown.scrollWidth > shown.clientWidth + 1, lines: lineCount(shown),
    });
  });
  return {
    cards, lines, names,
    scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
    onePerPage: getComputedStyle(document.querySelector(".pair__next") || document.body).display !== "none",
  };
}"""


def play_some(competition):
    """A decided tie (on penalties), a tie with its first leg played and one live: won and
    lost rows, goals, the LIVE badge, as on a match night."""
    first_round = competition.rounds.order_by("order").first()
    first = list(first_round.ties.order_by("position")[:3])
    scores = [[(1, 1), (0, 0, {"extra_time": True, "home_penalties": 4, "away_penalties": 5})], [(2, 0)], [(1, 0)]]
    for tie, legs, status in zip(first, scores, ["finished", "finished", "live"], strict=False):
        if tie.round.legs == 1:  # a final alone: one match
            legs = [(2, 1)]
        played = list(tie.legs.order_by("number"))[: len(legs)]
        for leg, score in zip(played, legs, strict=True):
            leg.home_goals, leg.away_goals, leg.status = score[0], score[1], status
            for field, value in (score[2] if len(score) > 2 else {}).items():
                setattr(leg, field, value)
        results.save_tie(tie, played, revision=tie.revision)


def feeders(competition):
    """{tie code: the codes of the two ties whose winners play in it}."""
    ties = Tie.objects.filter(round__competition=competition, home_from__isnull=False)
    return {tie.code: [tie.home_from.code, tie.away_from.code] for tie in ties.select_related("home_from", "away_from")}


def horizontal(line):
    return line["right"] - line["left"] > line["bottom"] - line["top"]


def free_end(line, card):
    """The end of a horizontal line that leaves `card`, or None if it does not touch it."""
    y = (line["top"] + line["bottom"]) / 2
    if not card["top"] + NEAR <= y <= card["bottom"] - NEAR:
        return None
    if abs(line["left"] - card["right"]) <= NEAR:
        return line["right"], y
    if abs(line["right"] - card["left"]) <= NEAR:
        return line["left"], y
    return None


def on(point, line):
    # (x, y) is the middle of a 2 px line's end: it meets an upright up to 1 px past its end.
    x, y = point
    return line["left"] - NEAR <= x <= line["right"] + NEAR and line["top"] - 1 - NEAR <= y <= line["bottom"] + 1 + NEAR


def joined(feeder, tie, lines):
    """Whether a line leaves the feeder's card and one reaches the tie's, and they meet,
    directly or on an upright line."""
    outs = [end for line in lines if horizontal(line) and (end := free_end(line, feeder))]
    ins = [end for line in lines if horizontal(line) and (end := free_end(line, tie))]
    uprights = [line for line in lines if not horizontal(line)]
    return any(
        (abs(out[0] - into[0]) <= NEAR and abs(out[1] - into[1]) <= NEAR)
        or any(on(out, upright) and on(into, upright) for upright in uprights)
        for out in outs for into in ins
    )


def overlapping(cards):
    boxes = list(cards.items())
    return [
        (one, other) for i, (one, a) in enumerate(boxes) for other, b in boxes[i + 1:]
        if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1
    ]


def size_options(width):
    if width < 600:
        return {**PHONE, "viewport": {"width": width, "height": 844}}
    return {"viewport": {"width": width, "height": 900}}


@pytest.mark.once
@pytest.mark.parametrize("teams", SIZES)
def test_every_width_and_theme(open_page, live_server, sample_cup, teams, screenshot):
    competition = sample_cup(teams)
    play_some(competition)
    drawn_from = feeders(competition)
    problems = []
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            where = f"{teams} teams, {width} px, {scheme}"
            # axe-core goes in as an inline <script>, which the policy refuses.
            page = open_page(size_options(width), color_scheme=scheme, bypass_csp=True)
            page.goto(f"{live_server.url}/competitions/{competition.slug}/")
            seen = page.evaluate(MEASURE)
            assert len(seen["cards"]) == teams - 1, where
            if seen["scrollWidth"] > seen["width"]:
                problems.append(f"{where}: the page scrolls sideways ({seen['scrollWidth']} px)")
            if overlap := overlapping(seen["cards"]):
                problems.append(f"{where}: cards overlap: {overlap[:5]}")
            if not seen["onePerPage"]:
                for code, pair in drawn_from.items():
                    for feeder in pair:
                        if not joined(seen["cards"][feeder], seen["cards"][code], seen["lines"]):
                            problems.append(f"{where}: no line from {feeder} meets {code}")
            for name in seen["names"]:
                if name["known"] and (name["cut"] or name["lines"] > 1):
                    problems.append(f"{where}: {name['text']!r} is cut or wrapped")
                if not name["known"] and 1 < name["lines"] >= name["words"]:
                    problems.append(f"{where}: {name['text']!r} wraps word by word ({name['lines']} lines)")
            if violations := serious_violations(page):
                problems.append(describe_violations(where, violations))
            if teams in (16, 64) and scheme == "light":
                screenshot(page, f"sizes-{teams}-{width}", full_page=False)
            page.context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("teams", [16, 64])
def test_a_phone_pages_through_every_round_each_as_tall_as_itself(open_page, live_server, sample_cup, teams):
    competition = sample_cup(teams)
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/competitions/{competition.slug}/")
    tabs = page.locator(".round-tabs")
    assert tabs.evaluate("bar => bar.scrollWidth > bar.clientWidth"), "the tabs fit: nothing is tested"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # Winners meet in … → takes the fan to that tie, on the next round's page.
    first_link = page.locator(".pair__next").first
    target = first_link.get_attribute("href")
    first_link.tap()
    wait_until_still(page)
    expect(page.locator(target)).to_be_in_viewport()
    expect(page.locator(".round-tabs a[aria-current]")).to_have_attribute("href", "#" + page.locator(target).evaluate(
        "tie => tie.closest('.round').id"))
    # The last tab is out of the bar's sight at first; tapped, the final's page is as tall as
    # the final, and its tab in sight.
    final_tab = page.locator(".round-tabs a").last
    final_tab.scroll_into_view_if_needed()
    final_tab.tap()
    wait_until_still(page)
    expect(final_tab).to_have_attribute("aria-current", "true")
    heights = page.evaluate("""() => [document.querySelector('.bracket').getBoundingClientRect().height,
                                      document.querySelector('.round:last-child').getBoundingClientRect().height,
                                      document.documentElement.scrollHeight]""")
    assert abs(heights[0] - heights[1]) <= 1, heights
    assert heights[2] <= 844 + 1, f"the final's page is {heights[2]} px tall"
    assert tabs.evaluate("""bar => { const tab = bar.querySelector('[aria-current]').getBoundingClientRect(),
                                          box = bar.getBoundingClientRect();
                                     return tab.left >= box.left - 1 && tab.right <= box.right + 1; }""")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # Turned into a wide screen (a tablet turned, a window widened), nothing stays clipped.
    page.set_viewport_size({"width": 1920, "height": 900})
    page.wait_for_function("""() => {
        const bracket = document.querySelector('.bracket').getBoundingClientRect();
        return [...document.querySelectorAll('.tie')].every(tie => tie.getBoundingClientRect().bottom <= bracket.bottom + 1);
    }""", timeout=5_000)


@pytest.mark.parametrize("teams, width, facing", [
    (8, 1280, False), (8, 1920, True), (16, 1280, False), (16, 1920, True), (64, 1920, False), (4, 820, True),
])
def test_wide_screens_use_their_width_and_face_the_halves_where_they_fit(open_page, live_server, sample_cup, teams, width, facing):
    competition = sample_cup(teams)
    page = open_page(size_options(width))
    page.goto(f"{live_server.url}/competitions/{competition.slug}/")
    expect(page.locator(".round-tabs")).to_be_hidden()  # every round in sight
    final, bracket = (page.locator(selector).bounding_box() for selector in ("#tie-F", ".bracket"))
    first_round = page.locator(".round:first-child .tie").evaluate_all("ties => ties.map(t => t.getBoundingClientRect().left)")
    assert bracket["width"] >= width * 0.9, "the bracket leaves the screen's width unused"
    if facing:
        # The final in the middle, the first round's halves at both edges.
        assert abs(final["x"] + final["width"] / 2 - (bracket["x"] + bracket["width"] / 2)) <= 2
        assert min(first_round) < final["x"] < max(first_round)
    else:
        assert final["x"] > max(first_round)
