"""Snapshot harness: what every page shows, over a fixed list of page states, as normalised JSON.

Used to prove a refactor (modules moved between folders, code reorganised) leaves the app's
behaviour unchanged: capture a baseline on the old code, capture again on the new code, compare.

    python -m tools.snapshot capture OUT_DIR [--jobs 2] [--sample N] [--page LABEL ...]
    python -m tools.snapshot compare DIR_A DIR_B [--max-paths 5]
    python -m tools.snapshot list

Each page state is a page (app.py = Overview, or one of pages/*.py) plus a query string (global
filters, the page's own controls, ``present=1``), optionally with every "Data behind this chart"
expander opened afterwards. Each state runs in Streamlit's AppTest exactly as tests/pages/test_pages.py
does (query params set, ``switch_page``, ``run``) and is recorded as one JSON file holding, in
page order, every element of the main area and of the sidebar: text elements (title, headers,
markdown, captions, alerts, code, html), metrics, widgets (label, options, value), buttons,
page links, expanders, dataframes (as CSV), plotly figure specs and pydeck specs (parsed), and
exceptions; plus the final query parameters.

Normalisation: element ids, page-script hashes, media URLs and exception stack traces are left
out (they depend on the checkout's path or on hashing, not on what the page shows); the
checkout's absolute path and the worker's temporary cache folder are replaced by placeholders;
plotly's base64 typed arrays are decoded to lists; NaN and infinities become strings. Very large
tables are kept as a SHA-256 of their CSV with their shape and first and last rows.

The app under test is the checkout this file sits in (``Path(__file__).parent.parent / "app.py"``);
workers run with that checkout first on ``sys.path`` and as their working directory. States are
split between workers by position (state i goes to worker i % jobs) and each worker runs its
states in list order, so two captures with the same ``--jobs`` run the same states in the same
processes in the same order (Streamlit's in-process caches see the same history).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import multiprocessing as mp
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Iterable

from ui.shell import PAGES as SHELL_PAGES

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
INDEX = "index.json"
TIMEOUT = 120
#: Tables whose CSV is longer than this are stored as a hash, their shape and a head and tail.
MAX_CSV_CHARS = 200_000
PROGRESS_EVERY = 50

# ---------------------------------------------------------------------------------------------------------------------
# The page states
# ---------------------------------------------------------------------------------------------------------------------

#: Script path (relative to app.py) -> label: the app's own page list.
PAGES: dict[str, str] = dict(SHELL_PAGES)

ASIA_PACIFIC = ["Southern Asia", "South-eastern Asia", "Eastern Asia"]

#: Global filter sets (URL form: key -> value or list of values), by name. Every page runs under each.
FILTER_SETS: dict[str, dict[str, Any]] = {
    "all": {},
    "p2014_2025apr": {"from": "2014-01", "to": "2025-04"},
    "p2024": {"from": "2024-01", "to": "2024-12"},
    "p2020_2022jun": {"from": "2020-01", "to": "2022-06"},
    "p2015jul_2016mar": {"from": "2015-07", "to": "2016-03"},
    "p2023jun": {"from": "2023-06", "to": "2023-06"},
    "sub_sea": {"subregion": "South-eastern Asia"},
    "sub_south_asia": {"subregion": "Southern Asia"},
    "sub_north_africa": {"subregion": "Northern Africa"},
    "sub_central_america": {"subregion": "Central America"},
    "sub_asia_pacific": {"subregion": ASIA_PACIFIC},
    "p2024_sub_sea": {"from": "2024-01", "to": "2024-12", "subregion": "South-eastern Asia"},
    "p2020_2022jun_sub_north_africa": {"from": "2020-01", "to": "2022-06", "subregion": "Northern Africa"},
    "region_med": {"region": "Mediterranean"},
    "region_med_na_p2018_2021": {"from": "2018-01", "to": "2021-12", "region": ["Mediterranean", "North America"]},
    "route_central_med": {"route": "Central Mediterranean"},
    "route_channel": {"route": "English Channel to the UK"},
    "route_us_mexico_p2019_2023": {"from": "2019-01", "to": "2023-12", "route": "US-Mexico border crossing"},
    "cause_drowning": {"cause": "Drowning"},
    "cause_violence_vehicle": {"cause": ["Violence", "Vehicle accident / death linked to hazardous transport"]},
    "quality_low": {"quality": ["1", "2"]},
    "quality_high_p2022_on": {"from": "2022-01", "quality": ["4", "5"]},
    "country_libya": {"country": "Libya"},
    "country_mexico_p2024": {"from": "2024-01", "to": "2024-12", "country": "Mexico"},
    "origin_afghanistan": {"origin": "Afghanistan"},
    "origin_myanmar_bangladesh": {"origin": ["Myanmar", "Bangladesh"]},
    "empty_uncovered_months": {"from": "2025-08", "to": "2025-09"},
    "empty_austria_darien": {"country": "Austria", "route": "Darien"},
    "bad_region_and_month": {"region": ["Mediterranean", "Atlantis"], "to": "not-a-month"},
    "bad_month_13_clamped": {"from": "2024-13", "to": "2030-01"},
    "reversed_period": {"from": "2024-12", "to": "2024-01"},
}

#: Filter sets used with page controls and presenter mode (a few, to keep the list a sensible size).
CONTROL_SETS = ("all", "p2024", "p2020_2022jun")
PRESENT_SETS = ("all", "p2024_sub_sea", "p2015jul_2016mar")

CORRIDORS = ["central_med", "eastern_med", "western_med", "atlantic_canaries", "english_channel", "western_balkans",
             "belarus_eu", "turkiye_europe_land", "sahara", "eastern_route_yemen", "southern_route", "us_mexico",
             "darien", "caribbean", "afghanistan_iran_turkiye", "bay_of_bengal_andaman", "sea_to_australia",
             "myanmar_thailand_malaysia_land"]


def _state(page: str, query: dict[str, Any], *, open_data: bool = False, tag: str = "") -> dict[str, Any]:
    return {"page": page, "query": [[k, v] for k, v in query.items()], "open_data": open_data, "tag": tag}


def _with(name: str, **controls: Any) -> dict[str, Any]:
    return {**FILTER_SETS[name], **controls}


def _page_controls() -> list[dict[str, Any]]:
    """States exercising each page's own URL controls."""
    states: list[dict[str, Any]] = []
    add = states.append

    # Overview: grain.
    for fs in CONTROL_SETS:
        for grain in ("month", "quarter", "year"):
            add(_state("app.py", _with(fs, grain=grain), tag=f"{fs}+grain={grain}"))
    add(_state("app.py", {"grain": "fortnight"}, tag="bad grain"))
    add(_state("app.py", _with("sub_sea", grain="quarter"), tag="sub_sea+grain=quarter"))

    # Incident map: view, by, months.
    page = "pages/2_Incident_map.py"
    for fs in CONTROL_SETS:
        add(_state(page, _with(fs, view="density"), tag=f"{fs}+view=density"))
        add(_state(page, _with(fs, by="origin"), tag=f"{fs}+by=origin"))
    for fs in ("p2024", "p2015jul_2016mar", "sub_sea", "p2023jun"):
        add(_state(page, _with(fs, months="on"), tag=f"{fs}+months=on"))
    add(_state(page, _with("sub_sea", view="density", by="origin"), tag="sub_sea+density+origin"))
    add(_state(page, _with("p2024_sub_sea", view="points", by="origin", months="on"), tag="p2024_sub_sea+all on"))
    add(_state(page, {"view": "heatmap", "by": "nowhere", "months": "maybe"}, tag="bad controls"))

    # Trends: grain, split, display, measure, events.
    page = "pages/3_Trends.py"
    for split in ("none", "region", "subregion", "route", "cause", "origin"):
        add(_state(page, {"split": split}, tag=f"all+split={split}"))
        add(_state(page, _with("p2024", split=split, grain="quarter"), tag=f"p2024+split={split}+quarter"))
    for fs in CONTROL_SETS:
        for grain in ("month", "quarter", "year"):
            add(_state(page, _with(fs, grain=grain), tag=f"{fs}+grain={grain}"))
    add(_state(page, {"display": "lines", "measure": "share"}, tag="lines+share"))
    add(_state(page, _with("p2020_2022jun", display="lines", split="cause", measure="share"), tag="p20-22+lines+cause+share"))
    add(_state(page, {"split": "none", "measure": "share"}, tag="share without split"))
    add(_state(page, _with("sub_sea", events="off", split="origin"), tag="sub_sea+events off+origin"))
    add(_state(page, _with("region_med", events="off"), tag="region_med+events off"))
    add(_state(page, {"grain": "week", "split": "colour", "display": "pie", "measure": "x", "events": "y"},
               tag="bad controls"))

    # Regional comparison: compare, group, base.
    page = "pages/4_Regional_comparison.py"
    subs = ["South-eastern Asia", "Southern Asia", "Northern Africa", "Central America"]
    add(_state(page, {"compare": "subregion", "group": subs}, tag="4 subregions"))
    add(_state(page, _with("p2024", compare="subregion", group=subs), tag="p2024+4 subregions"))
    add(_state(page, _with("p2020_2022jun", compare="subregion", group=subs[:2]), tag="p20-22+2 subregions"))
    add(_state(page, {"compare": "subregion", "group": subs, "base": "2019"}, tag="4 subregions base 2019"))
    add(_state(page, {"compare": "subregion", "group": subs, "base": "2016"}, tag="4 subregions base 2016"))
    add(_state(page, {"compare": "subregion", "group": subs, "base": "1999"}, tag="bad base"))
    add(_state(page, {"compare": "subregion", "group": ASIA_PACIFIC}, tag="asia-pacific"))
    add(_state(page, {"compare": "region", "group": ["Mediterranean", "North America", "Northern Africa"]},
               tag="3 regions"))
    add(_state(page, _with("p2024", compare="region", group=["Mediterranean", "Western Asia"]), tag="p2024+2 regions"))
    meds = ["Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean"]
    add(_state(page, {"compare": "route", "group": meds}, tag="med routes"))
    add(_state(page, _with("p2015jul_2016mar", compare="route", group=meds), tag="p15-16+med routes"))
    add(_state(page, {"compare": "route", "group": ["US-Mexico border crossing", "Darien", "Caribbean to US"]},
               tag="americas routes"))
    add(_state(page, _with("sub_sea", compare="subregion", group=subs), tag="sidebar subregion replaced"))
    add(_state(page, _with("cause_drowning", compare="route", group=meds), tag="drowning+med routes"))
    add(_state(page, {"compare": "subregion", "group": "Southern Asia"}, tag="one group"))
    add(_state(page, {"compare": "subregion", "group": ["Narnia", "Southern Asia", "Northern Africa"]},
               tag="unknown group"))
    add(_state(page, {"compare": "region", "group": ["Mediterranean", "North America", "Northern Africa", "Europe",
                                                     "Western Asia", "Eastern Africa", "Caribbean"]},
               tag="seven groups"))
    add(_state(page, {"compare": "continent"}, tag="bad compare"))
    add(_state(page, {"compare": "route"}, tag="route default groups"))
    add(_state(page, {"compare": "subregion"}, tag="subregion default groups"))
    add(_state(page, _with("p2023jun", compare="subregion", group=subs), tag="one month"))

    # Country profile: profile.
    page = "pages/5_Country_profile.py"
    for code in ("MMR", "AFG", "BGD", "MEX", "LBY", "SYR", "ERI", "IDN", "VEN", "HTI", "USA", "ROU"):
        add(_state(page, {"profile": code}, tag=f"profile={code}"))
    for code in ("MMR", "AFG", "BGD", "MEX", "LBY"):
        add(_state(page, _with("p2024", profile=code), tag=f"p2024+profile={code}"))
    for code in ("MMR", "BGD"):
        add(_state(page, _with("sub_sea", profile=code), tag=f"sub_sea+profile={code}"))
    add(_state(page, _with("sub_north_africa", profile="MEX"), tag="conflicting filters"))
    add(_state(page, _with("p2015jul_2016mar", profile="SYR"), tag="p15-16+SYR"))
    add(_state(page, {"profile": "mmr"}, tag="lowercase code"))
    add(_state(page, {"profile": "XXX"}, tag="unknown code"))
    add(_state(page, _with("empty_uncovered_months", profile="LBY"), tag="empty+LBY"))

    # Incident table: q.
    page = "pages/6_Incident_table.py"
    for q in ("Andaman", "Lampedusa", "Afghanistan", "IOM", "zzzzqqq"):
        add(_state(page, {"q": q}, tag=f"q={q}"))
        add(_state(page, _with("p2024", q=q), tag=f"p2024+q={q}"))
    add(_state(page, _with("sub_sea", q="Malaysia boat"), tag="sub_sea+two words"))

    # Corridor profile: corridor.
    page = "pages/8_Corridor_profile.py"
    for corridor in CORRIDORS:
        add(_state(page, {"corridor": corridor}, tag=f"corridor={corridor}"))
    for corridor in ("central_med", "english_channel", "us_mexico", "darien", "bay_of_bengal_andaman",
                     "sea_to_australia"):
        add(_state(page, _with("p2024", corridor=corridor), tag=f"p2024+corridor={corridor}"))
    add(_state(page, _with("p2015jul_2016mar", corridor="eastern_med"), tag="p15-16+eastern_med"))
    add(_state(page, {"corridor": "nowhere"}, tag="bad corridor"))

    # Corridor comparison: year.
    page = "pages/9_Corridor_comparison.py"
    for year in ("2014", "2015", "2016", "2018", "2020", "2022", "2023", "2024", "2025"):
        add(_state(page, {"year": year}, tag=f"year={year}"))
    add(_state(page, _with("p2020_2022jun", year="2021"), tag="p20-22+2021"))
    add(_state(page, _with("p2020_2022jun", year="2022"), tag="p20-22+2022 (partial)"))
    add(_state(page, {"year": "1999"}, tag="bad year"))
    add(_state(page, _with("sub_sea", year="2019"), tag="sub_sea+2019"))

    # Modus operandi: corridor, kinds.
    page = "pages/10_Modus_operandi.py"
    for corridor in ("central_med", "eastern_med", "atlantic_canaries", "english_channel", "western_balkans",
                     "sahara", "eastern_route_yemen", "southern_route", "us_mexico", "darien",
                     "afghanistan_iran_turkiye", "bay_of_bengal_andaman", "sea_to_australia",
                     "myanmar_thailand_malaysia_land", "Global (all routes)", "Myanmar–Thailand",
                     "Vietnam–Europe/UK", "Central America–US (incl. Darién)"):
        add(_state(page, {"corridor": corridor}, tag=f"corridor={corridor}"))
    add(_state(page, {"kinds": "official"}, tag="kinds=official"))
    add(_state(page, {"kinds": ["official", "research"]}, tag="kinds=official,research"))
    add(_state(page, {"kinds": "news", "corridor": "english_channel"}, tag="news+channel"))
    add(_state(page, {"kinds": "secondary copy", "corridor": "sea_to_australia"}, tag="secondary+australia"))
    add(_state(page, {"kinds": ["gossip", "official"]}, tag="bad kind"))
    add(_state(page, {"corridor": "Atlantis"}, tag="bad corridor"))

    # Hazards: corridor (a catalogue corridor name), boats.
    page = "pages/11_Hazards.py"
    for corridor in ("Eastern Mediterranean", "English Channel", "US–Mexico border", "Darién Gap",
                     "Bay of Bengal and Andaman Sea", "Sahara Desert crossing"):
        add(_state(page, {"corridor": corridor}, tag=f"corridor={corridor}"))
    for fs in CONTROL_SETS:
        add(_state(page, _with(fs, boats="month"), tag=f"{fs}+boats=month"))
    add(_state(page, _with("p2024", corridor="Central Mediterranean", boats="month"), tag="p2024+central+month"))
    add(_state(page, {"corridor": "Atlantis", "boats": "week"}, tag="bad controls"))

    # Crime markets: indicator, map.
    page = "pages/12_Crime_markets.py"
    for indicator in ("Human smuggling", "Human trafficking", "Criminal markets", "Criminal actors", "Criminality",
                      "Resilience"):
        for view in ("2023", "2021", "change"):
            add(_state(page, {"indicator": indicator, "map": view}, tag=f"{indicator}+{view}"))
    add(_state(page, {"indicator": "Piracy", "map": "2019"}, tag="bad controls"))
    add(_state(page, _with("p2024", map="change"), tag="p2024+change"))
    return states


def page_states() -> list[dict[str, Any]]:
    """Every page state, in a fixed order: each page under each filter set, page controls, presenter mode,
    and a subset with the "Data behind this chart" expanders opened."""
    states: list[dict[str, Any]] = []
    for page in PAGES:
        for name, query in FILTER_SETS.items():
            states.append(_state(page, query, tag=name))
    states.extend(_page_controls())
    present_controls = {
        "pages/2_Incident_map.py": {"view": "density"}, "pages/3_Trends.py": {"split": "route"},
        "pages/4_Regional_comparison.py": {"compare": "route",
                                           "group": ["Central Mediterranean", "Eastern Mediterranean"]},
        "pages/5_Country_profile.py": {"profile": "MMR"}, "pages/6_Incident_table.py": {"q": "Andaman"},
        "pages/8_Corridor_profile.py": {"corridor": "bay_of_bengal_andaman"},
        "pages/9_Corridor_comparison.py": {"year": "2023"}, "pages/10_Modus_operandi.py": {"corridor": "darien"},
        "pages/11_Hazards.py": {"boats": "month"}, "pages/12_Crime_markets.py": {"map": "change"},
        "app.py": {"grain": "quarter"},
    }
    for page in PAGES:
        for name in PRESENT_SETS:
            states.append(_state(page, _with(name, present="1"), tag=f"present+{name}"))
        if page in present_controls:
            states.append(_state(page, _with("all", present="1", **present_controls[page]), tag="present+control"))
    opened = {
        "app.py": [{}, FILTER_SETS["p2024"], {"grain": "quarter", **FILTER_SETS["sub_south_asia"]}],
        "pages/2_Incident_map.py": [FILTER_SETS["p2024_sub_sea"], {"months": "on", **FILTER_SETS["p2023jun"]},
                                    {"view": "density", "by": "origin"}],
        "pages/3_Trends.py": [{}, FILTER_SETS["p2024"], {"split": "origin", "grain": "quarter",
                                                        **FILTER_SETS["p2020_2022jun"]}],
        "pages/4_Regional_comparison.py": [{}, {"compare": "subregion", "group": ["South-eastern Asia", "Southern Asia",
                                                                                  "Northern Africa"]},
                                           {"compare": "route", "group": ["Central Mediterranean", "Darien"],
                                            **FILTER_SETS["p2024"]}],
        "pages/5_Country_profile.py": [{"profile": "MMR"}, {"profile": "LBY", **FILTER_SETS["p2024"]},
                                       {"profile": "AFG"}],
        "pages/6_Incident_table.py": [{"q": "Andaman"}],
        "pages/7_Routes_map.py": [{}, FILTER_SETS["p2024"], FILTER_SETS["sub_sea"]],
        "pages/8_Corridor_profile.py": [{"corridor": "central_med"}, {"corridor": "english_channel",
                                                                      **FILTER_SETS["p2024"]},
                                        {"corridor": "darien"}],
        "pages/9_Corridor_comparison.py": [{}, {"year": "2016"}, FILTER_SETS["p2020_2022jun"]],
        "pages/10_Modus_operandi.py": [{}, {"corridor": "bay_of_bengal_andaman", "kinds": ["official", "research"]},
                                       {"corridor": "english_channel"}],
        "pages/11_Hazards.py": [{}, {"boats": "month", **FILTER_SETS["p2024"]}, {"corridor": "Darién Gap"}],
        "pages/12_Crime_markets.py": [{}, {"indicator": "Resilience", "map": "change"}, FILTER_SETS["p2024"]],
        "pages/1_Data_and_sources.py": [{}],
    }
    for page, queries in opened.items():
        for query in queries:
            states.append(_state(page, query, open_data=True, tag="open data"))
    return states


def state_name(state: dict[str, Any]) -> str:
    """A stable file name for a state: the page's slug and a hash of page, query and options."""
    canonical = json.dumps([state["page"], state["query"], state["open_data"]], ensure_ascii=False,
                           separators=(",", ":"))
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", PAGES[state["page"]].lower()).strip("-")
    return f"{slug}--{digest}"


# ---------------------------------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------------------------------

#: Keys dropped wherever they appear in an element's proto (ids and hashes, media URLs, the big payloads
#: handled separately).
DROPPED_PROTO_KEYS = {"id", "page_script_hash", "url", "deferred_file_id", "arrow_data", "spec", "json",
                      "stack_trace", "form_id", "fragment_id"}
#: Keys dropped from plotly and pydeck specs: verified to differ between identical runs (none so far for
#: this app; plotly's "uid" would, if a trace had one).
VOLATILE_SPEC_KEYS = {"uid"}

_PLACEHOLDERS: list[tuple[str, str]] = []


def _set_placeholders(pairs: Iterable[tuple[str, str]]) -> None:
    _PLACEHOLDERS[:] = sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0]))


def _text(value: str) -> str:
    for raw, placeholder in _PLACEHOLDERS:
        if raw in value:
            value = value.replace(raw, placeholder)
    return value


def _decode_typed_array(node: dict[str, Any]) -> Any:
    """plotly's base64 typed array ({"dtype", "bdata", "shape"?}) as a plain (nested) list."""
    import numpy as np

    array = np.frombuffer(base64.b64decode(node["bdata"]), dtype=np.dtype(node["dtype"]))
    shape = node.get("shape")
    if shape:
        dims = [int(d) for d in str(shape).split(",")] if isinstance(shape, str) else list(shape)
        array = array.reshape(dims)
    return array.tolist()


def normalise(value: Any, *, drop: frozenset[str] | set[str] = frozenset()) -> Any:
    """A JSON-ready copy: dropped keys removed, typed arrays decoded, non-finite floats as strings,
    paths replaced by placeholders, tuples as lists, anything else as its str."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value and set(value) <= {"bdata", "dtype", "shape"}:
            return normalise(_decode_typed_array(value))
        return {str(k): normalise(v, drop=drop) for k, v in value.items() if k not in drop}
    if isinstance(value, (list, tuple)):
        return [normalise(v, drop=drop) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return _text(value)
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return normalise(value.item(), drop=drop)
        if isinstance(value, np.ndarray):
            return normalise(value.tolist(), drop=drop)
    except ImportError:  # pragma: no cover
        pass
    return _text(str(value))


def _proto_dict(proto: Any) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    try:
        raw = MessageToDict(proto, preserving_proto_field_name=True)
    except Exception:  # a sub-message that cannot be converted: its text form
        return {"text": str(proto)}
    return normalise(raw, drop=DROPPED_PROTO_KEYS)


def _parse_spec(text: str) -> Any:
    if not text:
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return {"unparsed": _text(text)}
    return normalise(parsed, drop=VOLATILE_SPEC_KEYS)


def _table(frame: Any) -> dict[str, Any]:
    """A table as CSV text (large ones as a hash with shape, head and tail)."""
    csv = frame.to_csv(index=False, lineterminator="\n")
    record: dict[str, Any] = {"shape": list(frame.shape), "columns": [str(c) for c in frame.columns],
                              "dtypes": [str(t) for t in frame.dtypes]}
    if len(csv) <= MAX_CSV_CHARS:
        record["csv"] = _text(csv)
    else:
        record["csv_sha256"] = hashlib.sha256(csv.encode("utf-8")).hexdigest()
        record["csv_head"] = _text(frame.head(20).to_csv(index=False, lineterminator="\n"))
        record["csv_tail"] = _text(frame.tail(5).to_csv(index=False, lineterminator="\n"))
    return record


# ---------------------------------------------------------------------------------------------------------------------
# Capture (runs in the worker processes)
# ---------------------------------------------------------------------------------------------------------------------

def _element(node: Any, where: str) -> dict[str, Any]:
    kind = getattr(node, "type", type(node).__name__)
    item: dict[str, Any] = {"type": kind, "where": where}
    key = getattr(node, "key", None)
    if key:
        item["key"] = key
    proto = node.proto
    item["proto"] = _proto_dict(proto)
    if kind == "plotly_chart":
        item["proto"].pop("config", None)  # kept parsed below
        item["spec"] = _parse_spec(proto.spec)
        item["config"] = _parse_spec(proto.config)
    elif kind == "deck_gl_json_chart":
        item["proto"].pop("tooltip", None)  # kept parsed below
        item["deck"] = _parse_spec(proto.json)
        item["tooltip"] = _parse_spec(proto.tooltip)
    elif kind in ("dataframe", "table", "arrow_data_frame", "arrow_table"):
        try:
            item["table"] = _table(node.value)
        except Exception as error:  # noqa: BLE001 - recorded, not raised
            item["table_error"] = f"{type(error).__name__}: {error}"
    elif kind == "exception":
        item["text"] = _text(f"{proto.type}: {proto.message}")
    # A widget's current value (what the page reads back), by its own typed accessor.
    if kind in {"radio", "selectbox", "multiselect", "select_slider", "slider", "text_input", "checkbox", "toggle",
                "number_input", "text_area", "date_input", "button", "download_button"}:
        try:
            item["value"] = normalise(node.value)
        except Exception as error:  # noqa: BLE001
            item["value_error"] = f"{type(error).__name__}: {error}"
    return item


def _block(node: Any, where: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": f"block:{node.type}", "where": where}
    key = getattr(node, "key", None)
    if key:
        item["key"] = key
    if node.proto is not None:
        item["proto"] = _proto_dict(node.proto)
    return item


def _walk(block: Any, where: str) -> list[dict[str, Any]]:
    """Every element and block under ``block``, in page order, each with its container path."""
    from streamlit.testing.v1.element_tree import Block

    items: list[dict[str, Any]] = []
    for index in sorted(block.children):
        node = block.children[index]
        if isinstance(node, Block):
            label = getattr(node, "label", None)
            here = f"{where}/{node.type}[{index}]" + (f"({label})" if label else "")
            items.append(_block(node, here))
            items.extend(_walk(node, here))
        else:
            items.append(_element(node, f"{where}[{index}]"))
    return items


def _query(at: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in sorted(at.query_params.keys()):
        value = at.query_params[key]
        out[key] = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    return normalise(out)


def _snapshot(at: Any) -> dict[str, Any]:
    tree = at._tree
    areas = {}
    for index in sorted(tree.children):
        block = tree.children[index]
        areas[str(block.type)] = _walk(block, str(block.type))
    return {"exceptions": [_text(f"{e.proto.type}: {e.proto.message}") for e in at.exception],
            "areas": areas, "query_params": _query(at)}


def _data_expander_keys(at: Any) -> list[str]:
    """The session-state keys of the "Data behind this chart" expanders (as tests/pages/test_pages.py open_chart_data)."""
    return [e.proto.id.split("-", 2)[2] for e in at.main.expander if e.label == "Data behind this chart"]


def run_state(state: dict[str, Any]) -> dict[str, Any]:
    """Run one page state and return its normalised record."""
    from streamlit.testing.v1 import AppTest

    record: dict[str, Any] = {"page": state["page"], "label": PAGES[state["page"]], "query": state["query"],
                              "open_data": state["open_data"], "tag": state["tag"]}
    try:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        for key, value in state["query"]:
            at.query_params[key] = value
        if state["page"] != "app.py":
            at.switch_page(state["page"])
        at.run()
        record["run"] = _snapshot(at)
        if state["open_data"]:
            keys = _data_expander_keys(at)
            record["opened_keys"] = keys
            if keys:
                for key in keys:
                    at.session_state[key] = True
                at.run()
                record["opened"] = _snapshot(at)
    except Exception as error:  # noqa: BLE001 - a harness failure is part of the record, never a crash
        record["harness_error"] = _text(f"{type(error).__name__}: {error}")
        record["harness_traceback"] = _text(traceback.format_exc())
    return record


def _worker(worker: int, states: list[tuple[int, dict[str, Any]]], out_dir: str, queue: Any) -> None:
    """One worker process: import the checkout's app once, run its share of the states in order."""
    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    cache = tempfile.mkdtemp(prefix=f"msde-snapshot-cache-{worker}-")
    # As tests/conftest.py: a fresh parsed-incident cache. Figures unvalidated, as the app builds them
    # (charts.serialise.VALIDATE_FIGURES defaults to off; the tests turn it on).
    os.environ["MSDE_CACHE_DIR"] = cache
    os.environ["MSDE_VALIDATE_FIGURES"] = "0"
    _set_placeholders([(str(REPO), "<repo>"), (cache, "<cache>"), (os.path.realpath(cache), "<cache>")])
    import logging

    import streamlit.testing.v1  # noqa: F401 - imported once per worker

    # AppTest sets session state outside a script run: Streamlit then warns "missing ScriptRunContext" each time.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())

    for position, state in states:
        started = time.perf_counter()
        record = run_state(state)
        seconds = time.perf_counter() - started
        name = state_name(state)
        path = Path(out_dir) / f"{name}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        queue.put((position, name, seconds, bool(record.get("harness_error")),
                   len(record.get("run", {}).get("exceptions", []))))
    queue.put(("done", worker))


def _sample(states: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` states evenly spread over the list (deterministic)."""
    if count >= len(states):
        return states
    step = len(states) / count
    return [states[int(i * step)] for i in range(count)]


def _git_head() -> str | None:
    """The checkout's commit (None outside git), recorded in the index for reference."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _harness_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def capture(out_dir: Path, jobs: int, sample: int | None, pages: list[str] | None) -> int:
    states = page_states()
    if pages:
        wanted = {p.lower() for p in pages}
        states = [s for s in states if PAGES[s["page"]].lower() in wanted or s["page"] in pages]
    if sample:
        states = _sample(states, sample)
    names = [state_name(s) for s in states]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise SystemExit(f"duplicate page states: {dupes[:5]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs, len(states)))
    print(f"Capturing {len(states)} page states of {APP} into {out_dir} with {jobs} worker(s)", flush=True)
    started = time.perf_counter()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    shares = [[(i, s) for i, s in enumerate(states) if i % jobs == w] for w in range(jobs)]
    workers = [ctx.Process(target=_worker, args=(w, shares[w], str(out_dir), queue)) for w in range(jobs)]
    for process in workers:
        process.start()
    timings: dict[int, float] = {}
    failures = exceptions = 0
    finished = 0
    while finished < jobs:
        message = queue.get()
        if message[0] == "done":
            finished += 1
            continue
        position, name, seconds, failed, raised = message
        timings[position] = seconds
        failures += failed
        exceptions += bool(raised)
        if len(timings) % PROGRESS_EVERY == 0 or len(timings) == len(states):
            print(f"  {len(timings)}/{len(states)} states, {time.perf_counter() - started:.0f} s", flush=True)
    for process in workers:
        process.join()
    if any(p.exitcode for p in workers) or len(timings) != len(states):
        print(f"A worker failed: {len(timings)} of {len(states)} states captured", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    index = {"app": "<repo>/app.py", "git_head": _git_head(), "harness_sha256": _harness_hash(), "jobs": jobs, "count": len(states), "elapsed_seconds": round(elapsed, 1),
             "states": [{"file": f"{names[i]}.json", "page": s["page"], "label": PAGES[s["page"]],
                         "query": s["query"], "open_data": s["open_data"], "tag": s["tag"],
                         "seconds": round(timings[i], 2)} for i, s in enumerate(states)]}
    (out_dir / INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for s in states:
        counts[PAGES[s["page"]]] = counts.get(PAGES[s["page"]], 0) + 1
    print("Per page: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    print(f"{len(states)} states captured in {elapsed:.0f} s ({elapsed / 60:.1f} min); "
          f"{exceptions} with an exception on the page, {failures} harness failures")
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------------------------------
# Compare
# ---------------------------------------------------------------------------------------------------------------------

def _short(value: Any, limit: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _describe_item(item: Any) -> str:
    if isinstance(item, dict) and "type" in item:
        return f"({item['type']}{' ' + item['key'] if item.get('key') else ''})"
    return ""


def differences(a: Any, b: Any, path: str = "", limit: int = 5) -> list[str]:
    """Up to ``limit`` paths where ``a`` and ``b`` differ, each with both values (shortened)."""
    out: list[str] = []

    def walk(x: Any, y: Any, here: str) -> None:
        if len(out) >= limit or x == y:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for key in list(x) + [k for k in y if k not in x]:
                if key not in y:
                    out.append(f"{here}.{key}: only in A")
                elif key not in x:
                    out.append(f"{here}.{key}: only in B")
                else:
                    walk(x[key], y[key], f"{here}.{key}")
                if len(out) >= limit:
                    return
            return
        if isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                out.append(f"{here}: length {len(x)} vs {len(y)}")
            for i, (p, q) in enumerate(zip(x, y)):
                if p != q:
                    label = _describe_item(p) if _describe_item(p) == _describe_item(q) else \
                        f"{_describe_item(p)} vs {_describe_item(q)}"
                    walk(p, q, f"{here}[{i}]{label}")
                if len(out) >= limit:
                    return
            return
        out.append(f"{here}: {_short(x)} vs {_short(y)}")

    walk(a, b, path)
    return out


def _records(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.json")) if p.name != INDEX}


def compare(dir_a: Path, dir_b: Path, max_paths: int) -> int:
    a, b = _records(dir_a), _records(dir_b)
    indexes = [json.loads((d / INDEX).read_text(encoding="utf-8")) if (d / INDEX).is_file() else {}
               for d in (dir_a, dir_b)]
    for label, index in zip("AB", indexes):
        print(f"{label}: {index.get('count', '?')} states, commit {index.get('git_head')}, "
              f"harness {str(index.get('harness_sha256'))[:12]}")
    if indexes[0].get("harness_sha256") != indexes[1].get("harness_sha256"):
        print("Note: the two captures were made by different versions of this harness.")
    names = sorted(set(a) | set(b))
    identical = differ = 0
    for name in names:
        if name not in a or name not in b:
            differ += 1
            print(f"DIFF {name}: only in {'A' if name in a else 'B'}")
            continue
        left = json.loads(a[name].read_text(encoding="utf-8"))
        right = json.loads(b[name].read_text(encoding="utf-8"))
        if left == right:
            identical += 1
            continue
        differ += 1
        query = "&".join(f"{k}={v}" for k, v in left.get("query", []))
        print(f"DIFF {name}: {left.get('label')} ?{query}" + (" [data opened]" if left.get("open_data") else ""))
        for line in differences(left, right, "", max_paths):
            print(f"    {line}")
    print(f"{len(names)} states compared, {identical} identical, {differ} differ")
    return 1 if differ else 0


# ---------------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.snapshot", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cap = commands.add_parser("capture", help="run every page state and write one JSON file per state")
    cap.add_argument("out_dir", type=Path)
    cap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    cap.add_argument("--sample", type=int, default=None, help="only N states spread evenly over the list")
    cap.add_argument("--page", action="append", default=None, help="only this page (label or script path)")
    cmp_ = commands.add_parser("compare", help="compare two captures; exit 1 if any state differs")
    cmp_.add_argument("dir_a", type=Path)
    cmp_.add_argument("dir_b", type=Path)
    cmp_.add_argument("--max-paths", type=int, default=5, help="differing paths shown per state (default 5)")
    commands.add_parser("list", help="print the page states")
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args.out_dir, args.jobs, args.sample, args.page)
    if args.command == "compare":
        return compare(args.dir_a, args.dir_b, args.max_paths)
    states = page_states()
    for state in states:
        query = "&".join(f"{k}={v}" for k, v in state["query"])
        print(f"{state_name(state)}  {PAGES[state['page']]:<20} ?{query}{'  [open data]' if state['open_data'] else ''}")
    counts: dict[str, int] = {}
    for s in states:
        counts[PAGES[s["page"]]] = counts.get(PAGES[s["page"]], 0) + 1
    print(f"{len(states)} states: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
