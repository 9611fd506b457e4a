"""Bad input never gives a 5xx on the fans' pages: whatever address, query string, htmx
headers or method a visitor, a crawler or a script sends, the answer is below 500, and an
address that names nothing gets the site's own 404. Examples are bounded and derandomized
so the suite stays fast and every run sends the same requests (hypothesis shrinks any
failure to the smallest request that shows it). Then oversized and malformed requests,
through the test client and on the wire to a real gunicorn: a 4xx, or ignored, never a 5xx."""
import socket
from urllib.parse import quote, urlencode

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.servers import BRACKET, REQUEST_TIMEOUT, SLUG, gunicorn, prepare, site_env

CODES = ["QF1", "QF2", "QF3", "QF4", "SF1", "SF2", "F"]
TEAMS = ["ac-milan", "roma", "liverpool", "atalanta", "bayer-leverkusen", "west-ham-united", "benfica",
         "marseille"]
# The version an open page holds (the draw's own) is known once the draw is loaded: these
# stand for it as the page writes it, and as a tampered request might.
HELD_FORMS = ["{held}", " {held}", "+{held}", "{held}_0", "{held}²", "{arabic}", "{wide}"]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

EXAMPLES = settings(
    deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that have broken sites before: digits that are not ASCII, a NUL, escapes that
# are not, a right-to-left mark, an emoji, a byte-order mark.
odd = st.sampled_from([
    "²", "١٢", "٣", "\x00", "%", "%00", "%zz", "%ff%fe", "..", " ", "é", "\u202e", "🏆", "\ufeff",
])


def tampered(real):
    """Real names mistyped or tampered with, and anything at all in their place."""
    real = st.sampled_from(real)
    return st.one_of(
        st.builds(lambda name, at, char: name[:at] + char + name[at:], real, st.integers(0, 20), odd),
        st.builds(lambda name, at: name[:at] + name[at + 1:], real, st.integers(0, 20)),
        real.map(str.upper),
        st.builds(lambda name, times: name * times, real, st.sampled_from([2, 40, 2_000])),
        st.text(max_size=30),
        st.sampled_from([250, 4_100, 20_000]).map(lambda length: "a" * length),
    )


def in_address(segment):
    """A path segment as a browser (percent-encoded), a script (raw UTF-8) or a confused
    proxy (encoded twice) would write it."""
    return st.sampled_from([quote(segment, safe=""), segment.replace("/", "").replace("?", ""),
                            quote(quote(segment, safe=""), safe="")])


slugs = tampered([SLUG]).flatmap(in_address)
codes = tampered(CODES).flatmap(in_address)
PAGES = ["/", "/competitions/", BRACKET, BRACKET + "bracket.json", BRACKET + "fixtures.ics"] + [
    f"{BRACKET}ties/{code}/" for code in CODES
]
# The site's addresses with one part tampered with, and any address at all.
tampered_addresses = st.one_of(
    st.builds("/competitions/{}/".format, slugs),
    st.builds("/competitions/{}/ties/{}/".format, slugs, st.sampled_from(CODES)),
    st.builds(f"{BRACKET}ties/{{}}/".format, codes),
    st.builds("/competitions/{}/bracket.json".format, slugs),
    st.builds("/competitions/{}/fixtures.ics".format, slugs),
    # No slash at the end: redirected to the address with one.
    st.builds(f"{BRACKET}ties/{{}}".format, st.sampled_from(CODES)),
    st.builds("/competitions/{}".format, slugs),
    st.text(max_size=40).flatmap(in_address).map(lambda anything: "/" + anything.lstrip("/")),
)

versions = st.one_of(
    st.just("{held}"),
    st.sampled_from(HELD_FORMS),
    st.integers(min_value=-10, max_value=2**70).map(str),
    # Longer than any column holds; past 4,300 digits Python's int() refuses to read them.
    st.sampled_from([11, 5_000, 100_000]).map(lambda digits: "9" * digits),
    # Digits, but not ASCII ones: str.isdigit() says yes, int() refuses or reads another number.
    st.sampled_from(["²", "١٢", "٣", "{held}²", "{arabic}", "{wide}"]),
    st.sampled_from(["", "-0", "1.0", "0x1", "1e3", "NaN", "%00"]),
    st.text(max_size=10),
)
query_names = st.one_of(st.sampled_from(["v", "team"]), st.text(max_size=10))
query_values = st.one_of(versions, st.sampled_from(TEAMS), tampered(TEAMS))
queries = st.lists(st.tuples(query_names, query_values), max_size=4)
# A browser percent-encodes the query; a script may send raw UTF-8, no "=" or stray "&".
query_layouts = st.sampled_from(["encoded", "raw", "bare"])

latin_1 = st.text(st.characters(max_codepoint=255, exclude_categories=["Cs"]), max_size=20)
flags = st.one_of(st.sampled_from(["true", "true", "false", "", "TRUE", "1", "true\xff", "%74rue"]), latin_1)
page_urls = st.builds("http://testserver{}".format, st.one_of(st.sampled_from(PAGES), tampered_addresses))
htmx_headers = st.fixed_dictionaries({}, optional={
    "HX-Request": flags,
    "HX-Request-URI-AutoEncoded": st.sampled_from(["true", "false"]),
    "HX-Current-URL": st.one_of(page_urls, latin_1),
    "HX-Target": st.one_of(st.sampled_from(["bracket", "tie", "#bracket"]), latin_1),
    "HX-Trigger": st.one_of(st.sampled_from(["bracket", "tie"]), latin_1),
    "HX-Trigger-Name": latin_1,
    "HX-Boosted": flags,
    "HX-History-Restore-Request": flags,
    "Triggering-Event": st.one_of(st.just('{"type": "visibilitychange"}'), latin_1),
})


def written(value, held):
    """`value`, with the version the page holds written in where it stands for it."""
    held = str(held)
    if value not in HELD_FORMS:
        return value
    return value.format(held=held, arabic=held.translate(ARABIC_DIGITS), wide=held.translate(WIDE_DIGITS))


def query_string(pairs, layout, held):
    """The query string as the server passes it on: text whose characters are the bytes sent."""
    pairs = [(name, written(value, held)) for name, value in pairs]
    if layout == "encoded":
        text = urlencode(pairs)
    elif layout == "raw":
        text = "&".join(f"{name}={value}" for name, value in pairs)
    else:
        text = "&&".join(name + value for name, value in pairs)
    return text.encode().decode("iso-8859-1")


def assert_no_server_error(response, method):
    assert response.status_code < 500
    if response.status_code == 404 and method != "HEAD":
        html = response.content.decode()
        assert "There is no such page" in html and "css/europa.css" in html  # the site's own 404


@settings(EXAMPLES, max_examples=50)
@given(
    page=st.sampled_from(PAGES), pairs=queries, layout=query_layouts, headers=htmx_headers,
    method=st.sampled_from(["GET", "HEAD"]),
)
def test_no_query_or_htmx_header_takes_a_page_down(client, draw, page, pairs, layout, headers, method):
    response = client.generic(
        method, page, headers=headers, QUERY_STRING=query_string(pairs, layout, draw.version),
    )
    # The page, its fragment, or "nothing new" for a poll holding the current version.
    assert response.status_code in {200, 204}


@settings(EXAMPLES, max_examples=60)
@given(
    address=tampered_addresses, pairs=queries, layout=query_layouts, headers=htmx_headers,
    method=st.sampled_from(["GET", "HEAD"]),
)
def test_no_address_gives_a_5xx(client, draw, address, pairs, layout, headers, method):
    response = client.generic(
        method, address, headers=headers, QUERY_STRING=query_string(pairs, layout, draw.version),
    )
    assert_no_server_error(response, method)


@settings(EXAMPLES, max_examples=40)
# Requests that were 500s once (?v=²) or would be without inputs.whole_number's guards.
@example(address=BRACKET, pairs=[("v", "²")], layout="encoded", flag="true")
@example(address=BRACKET, pairs=[("v", "{arabic}")], layout="raw", flag="true")
@example(address=BRACKET, pairs=[("v", "9" * 5_000)], layout="encoded", flag="true")
@given(
    address=st.sampled_from([page for page in PAGES if page.startswith(BRACKET) and page.endswith("/")]),
    pairs=st.lists(st.tuples(st.just("v"), versions), min_size=1, max_size=3),
    layout=st.sampled_from(["encoded", "raw"]),
    flag=st.sampled_from(["true", "true", "true", "false", "TRUE"]),
)
def test_only_a_poll_holding_the_current_version_hears_nothing_new(client, draw, address, pairs, layout,
                                                                    flag):
    """The address every open page asks every few seconds, ?v=… with HX-Request: 204 for
    the version as the page writes it, the fragment for any other, never a 5xx."""
    query = query_string(pairs, layout, draw.version)
    response = client.get(address, headers={"HX-Request": flag}, QUERY_STRING=query)
    current = flag == "true" and QueryDict(query.encode("iso-8859-1")).get("v") == str(draw.version)
    assert response.status_code == (204 if current else 200)


@settings(EXAMPLES, max_examples=20)
@given(
    address=st.one_of(st.sampled_from(PAGES), tampered_addresses),
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    body=st.binary(max_size=200),
)
def test_a_method_that_is_not_get_or_head_is_refused_not_failed(client, draw, address, method, body):
    response = client.generic(method, address, body, content_type="application/x-www-form-urlencoded")
    assert_no_server_error(response, method)
    # Moved (the slash; 400 when that address would pass Django's 16 KB limit on redirects),
    # no such page, or not allowed: never done.
    assert response.status_code in {301, 400, 404, 405}


# Oversized and malformed requests. Some limits are the server's (gunicorn refuses a request
# line over 4 KB with a 414), some Django's (a Host not allowed, more than 1,000 query
# fields); junk in a query the page does not need, or a body a GET never reads, is ignored.
LONG_QUERY_OF_DIGITS = "v=" + "1" * 100_000
MANY_FIELDS = "&".join(["t"] * 1_001)
HUGE = 3_000_000  # more than Django reads of a body (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB)


@pytest.mark.parametrize("address, extra, expected", [
    pytest.param("/competitions/" + "a" * 20_000 + "/", {}, 404, id="20 KB slug"),
    pytest.param(BRACKET + "ties/" + "%41" * 7_000 + "/", {}, 404, id="20 KB tie code, percent-encoded"),
    pytest.param(BRACKET, {"QUERY_STRING": LONG_QUERY_OF_DIGITS, "HTTP_HX_REQUEST": "true"}, 200,
                 id="100 KB ?v="),
    pytest.param(BRACKET, {"QUERY_STRING": MANY_FIELDS}, 400, id="1,001 query fields"),
    pytest.param(BRACKET, {"HTTP_HX_REQUEST": "tr\xffue", "HTTP_HX_CURRENT_URL": "\xff\xfe\x00",
                           "HTTP_X_ANYTHING": "\x00\x01"}, 200, id="headers with invalid bytes"),
    pytest.param(BRACKET, {"HTTP_HOST": "evil.example"}, 400, id="Host not allowed"),
    pytest.param(BRACKET + "fixtures.ics", {"HTTP_HOST": "a b"}, 400, id="Host not a name, on the feed"),
    pytest.param("/", {"HTTP_HOST": ""}, 400, id="empty Host"),
    pytest.param(BRACKET, {"QUERY_STRING": "v=%zz&team=%ff%fe", "HTTP_HX_REQUEST": "true"}, 200, id="?v=%zz"),
    pytest.param(BRACKET, {"QUERY_STRING": "team=%00&v=%00", "HTTP_HX_REQUEST": "true"}, 200, id="?v=%00"),
    pytest.param("/competitions/%00/", {}, 404, id="%00 for a competition"),
    pytest.param(BRACKET + "ties/QF1%00/", {}, 404, id="%00 in a tie code"),
    pytest.param("/%ff%fe/", {}, 404, id="%ff%fe, not UTF-8"),
])
def test_an_oversized_or_malformed_request_gets_a_4xx_or_is_ignored(client, draw, address, extra, expected):
    response = client.get(address, **extra)
    assert response.status_code == expected
    assert_no_server_error(response, "GET")


def test_a_get_with_a_huge_body_is_answered_without_reading_it(client, draw):
    response = client.generic("GET", BRACKET, b"x" * HUGE, content_type="application/octet-stream")
    assert response.status_code == 200


# The same, and worse, on the wire to gunicorn: what a browser could never send.
ANY_4XX = range(400, 500)


def on_the_wire(target, *headers, method=b"GET", host=b"127.0.0.1", body=b""):
    lines = [method + b" " + target + b" HTTP/1.1", b"Host: " + host, b"Connection: close", *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


WIRE = BRACKET.encode()
MALFORMED = {
    "20 KB path": (on_the_wire(b"/competitions/" + b"a" * 20_000 + b"/"), ANY_4XX),
    "100 KB query": (on_the_wire(WIRE + b"?" + LONG_QUERY_OF_DIGITS.encode(), b"HX-Request: true"), ANY_4XX),
    "10 KB header": (on_the_wire(WIRE, b"HX-Current-URL: " + b"a" * 10_000), ANY_4XX),
    "1,001 query fields": (on_the_wire(WIRE + b"?" + MANY_FIELDS.encode()), {400}),
    "\\xff in a header value": (on_the_wire(WIRE, b"HX-Request: tr\xffue"), {200}),
    "NUL in a header value": (on_the_wire(WIRE, b"HX-Target: a\x00b"), ANY_4XX),
    "\\xff in a header name": (on_the_wire(WIRE, b"HX-Tr\xffigger: x"), ANY_4XX),
    "GET with a 3 MB body": (on_the_wire(WIRE, b"Content-Length: %d" % HUGE, body=b"x" * HUGE), {200}),
    "POST of 3 MB": (
        on_the_wire(WIRE, b"Content-Length: %d" % HUGE, method=b"POST", body=b"x" * HUGE), ANY_4XX,
    ),
    "Content-Length: -1": (on_the_wire(WIRE, b"Content-Length: -1"), ANY_4XX),
    "Host not allowed": (on_the_wire(WIRE, host=b"evil.example"), {400}),
    "Host not a name, on the feed": (on_the_wire(WIRE + b"fixtures.ics", host=b"a b"), {400}),
    "?v=%zz&team=%ff%fe": (on_the_wire(WIRE + b"?v=%zz&team=%ff%fe", b"HX-Request: true"), {200}),
    "?v=² on a poll": (on_the_wire(WIRE + b"?v=%C2%B2", b"HX-Request: true"), {200}),
    "%00 for a competition": (on_the_wire(b"/competitions/%00/"), {404}),
    "%00 in a tie code": (on_the_wire(WIRE + b"ties/QF1%00/"), {404}),
    "%ff%fe in the path": (on_the_wire(b"/competitions/%ff%fe/"), {404}),
    "raw NUL in the path": (on_the_wire(b"/competitions/\x00/"), ANY_4XX),
    "raw UTF-8 in the path": (on_the_wire("/competitions/é²/".encode()), ANY_4XX),
    "no HTTP version": (b"GET /\r\n\r\n", ANY_4XX),
    "not HTTP at all": (b"\xff\xfe\x00\r\n\r\n", ANY_4XX),
}


def status_of(port, request):
    """The status a server answers `request` (bytes as sent) with, on a fresh connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=REQUEST_TIMEOUT) as connection:
        try:
            connection.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before reading all of it: the answer is still there
        status_line = connection.makefile("rb").readline()
    return int(status_line.split()[1])


@pytest.fixture
def site(tmp_path):
    """The draw served by gunicorn, as deployed."""
    env = site_env(tmp_path)
    prepare(env)
    with gunicorn(env, tmp_path, "-w", "2") as site:
        yield site


def test_a_real_server_refuses_malformed_requests_with_a_4xx_and_ignores_junk(site):
    answers = {name: status_of(site.port, request) for name, (request, _) in MALFORMED.items()}
    unexpected = {name: status for name, status in answers.items() if status not in MALFORMED[name][1]}
    assert unexpected == {}, answers
    # gunicorn's access log has a line for every request that reached Django.
    assert not [line for line in site.access_log.read_text().splitlines() if int(line.split()[-1]) >= 500]
    assert "Internal Server Error" not in site.log.read_text()
