"""The generated benchmark dataset: the real IOM incidents replicated N times, clearly labelled.

``generate(scale)`` writes a copy of ``data/`` into a temporary folder (never
inside the repository) in which each IOM export in ``data/iom_mmp/`` is
replaced by a generated file holding ``scale`` copies of every real row. Each
copy gets its own Incident ID and Main ID (``<real id>.G<copy>``, so split
incidents stay grouped and every ID is unique), a date jittered by up to
``DATE_JITTER_DAYS`` days but kept inside that export's real period (so the
May to December 2025 gap stays a gap and years stay plausible), with the year
and month-name columns rewritten to match, and coordinates jittered by a few
kilometres. Undated rows stay undated; every other cell is copied as is.

Everything generated says so: the folder and file names start with
``GENERATED``, and each sidecar has ``generated: true``, ``generated_by:
bench/generate.py`` and a title starting "GENERATED FOR BENCHMARKING". The
app reads it through its ordinary loaders when ``MSDE_DATA_DIR`` points at the
returned folder. A folder already generated with the same scale, seed and
source files is reused.

Command line: ``python -m bench.generate --scale 10`` prints the folder.
"""

from __future__ import annotations

import argparse
import calendar
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from loaders.fatalities import match_columns
from loaders.metadata import sidecar_path
from loaders.paths import DEFAULT_DATA_DIR, REPO_ROOT, fatalities_dir
from loaders.sources import fatality_files
from loaders.tabular import read_table

GENERATOR = "bench/generate.py"
GENERATOR_VERSION = 1
LABEL = "GENERATED FOR BENCHMARKING"
ROOT_NAME = "msde-bench-GENERATED"
MARKER = "GENERATED.json"
DATE_JITTER_DAYS = 15
COORD_JITTER_DEGREES = 0.05  # standard deviation, about 5 km
DEFAULT_SEED = 20260608
ISO_FORMAT = "%Y-%m-%d"
IOM_SITE_FORMAT = "%a, %m/%d/%Y - %H:%M"


def default_root() -> Path:
    """Where generated folders go: ``<system temp>/msde-bench-GENERATED``."""
    return Path(tempfile.gettempdir()) / ROOT_NAME


def generated_name(scale: int, stem: str) -> str:
    """The file stem of a generated export, e.g. ``GENERATED-x10-Missing_Migrants_Global_Figures_allData``."""
    return f"GENERATED-x{scale}-{stem}"


def _signature(source: Path, scale: int, seed: int) -> dict:
    files = [{"name": s.path.name, "size": s.path.stat().st_size, "mtime": int(s.path.stat().st_mtime)}
             for s in fatality_files(source)]
    return {"generated_by": GENERATOR, "version": GENERATOR_VERSION, "scale": scale, "seed": seed,
            "source": str(source), "files": files}


def _parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates as read by the app's reader, and the format each cell was written in."""
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    site = pd.to_datetime(text.where(iso.isna()), format=IOM_SITE_FORMAT, errors="coerce")
    dates = iso.fillna(site)
    formats = pd.Series(np.where(iso.notna(), ISO_FORMAT, np.where(site.notna(), IOM_SITE_FORMAT, "")),
                        index=text.index)
    return dates, formats


def _format_dates(dates: pd.Series, formats: pd.Series) -> pd.Series:
    out = pd.Series([pd.NA] * len(dates), index=dates.index, dtype="object")
    for fmt in (ISO_FORMAT, IOM_SITE_FORMAT):
        chosen = (formats == fmt) & dates.notna()
        if chosen.any():
            out[chosen] = dates[chosen].dt.strftime(fmt)
    return out


def _jitter_coordinates(text: pd.Series, rng: np.random.Generator) -> pd.Series:
    parts = text.str.split(",", n=1, expand=True).reindex(columns=[0, 1])
    lat = pd.to_numeric(parts[0].str.strip(), errors="coerce")
    lon = pd.to_numeric(parts[1].str.strip(), errors="coerce")
    lat = (lat + rng.normal(0, COORD_JITTER_DEGREES, len(lat))).clip(-89.9, 89.9)
    lon = lon + rng.normal(0, COORD_JITTER_DEGREES, len(lon))
    lon = ((lon + 180.0) % 360.0) - 180.0
    joined = lat.map("{:.6f}".format) + ", " + lon.map("{:.6f}".format)
    return joined.where(text.notna() & lat.notna() & lon.notna(), text)


def generate_file(source: Path, target: Path, scale: int, seed: int) -> int:
    """Write ``scale`` jittered copies of every row of the IOM export ``source`` to ``target`` (CSV); return rows."""
    raw = read_table(source)
    cols = match_columns(raw, source)
    date_col, id_col = cols["date"], cols["incident_id"]
    main_col = cols.get("main_id")
    year_col, month_col = cols.get("year"), cols.get("month_name")
    dates, formats = _parse_dates(raw[date_col].str.strip())
    first, last = dates.min(), dates.max()
    rng = np.random.default_rng(seed)
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        for copy in range(scale):
            frame = raw.copy()
            suffix = f".G{copy}"
            frame[id_col] = raw[id_col] + suffix
            if main_col:
                frame[main_col] = raw[main_col].fillna(raw[id_col]) + suffix
            shifted = dates + pd.to_timedelta(rng.integers(-DATE_JITTER_DAYS, DATE_JITTER_DAYS + 1, len(raw)), unit="D")
            shifted = shifted.clip(lower=first, upper=last)
            frame[date_col] = _format_dates(shifted, formats).where(dates.notna(), raw[date_col])
            if year_col:
                frame[year_col] = shifted.dt.year.astype("Int64").astype("string").where(dates.notna(), raw[year_col])
            if month_col:
                names = shifted.dt.month.map(lambda m: calendar.month_name[int(m)] if pd.notna(m) else pd.NA)
                frame[month_col] = names.where(dates.notna(), raw[month_col])
            if "coordinates" in cols:
                frame[cols["coordinates"]] = _jitter_coordinates(raw[cols["coordinates"]], rng)
            frame.to_csv(handle, index=False, header=copy == 0)
            written += len(frame)
    return written


def _sidecar(meta: dict, source: Path, scale: int, seed: int, rows: int) -> dict:
    labelled = {
        "title": f"{LABEL} (x{scale}, not real data): {meta.get('title', source.name)}",
        "generated": True,
        "generated_by": GENERATOR,
        "generated_from": source.name,
        "scale": scale,
        "seed": seed,
        "rows": rows,
        "producer": f"{LABEL} from {meta.get('producer', 'IOM Missing Migrants Project')}",
        "caveat": (f"{LABEL}: every real row repeated {scale} times with new IDs, dates jittered by up to "
                   f"{DATE_JITTER_DAYS} days within the export's period and coordinates by about 5 km. "
                   "Not real data; for load testing only."),
        "transformation": f"generated by {GENERATOR}; see that module's docstring.",
    }
    kept = {k: v for k, v in meta.items() if k not in labelled and k not in ("copy_of", "quirks")}
    return {**labelled, **kept}


def _copy_other_data(source: Path, folder: Path) -> None:
    """Make ``folder`` hold the same files as ``source`` outside the IOM exports' folder.

    Done on every call, also when the generated exports are reused, so the routes, flows, modus operandi
    and crime-index files the other pages read are always those of the current ``data/`` (a folder generated
    before a data folder existed would otherwise leave those pages showing "file missing"). Files are
    overwritten in place and stale ones removed afterwards, so a server reading the folder never finds a
    file missing while this runs.
    """
    skip = fatalities_dir(source).name
    wanted = set()
    for entry in source.iterdir():
        if entry.name in (skip, MARKER):
            continue
        if entry.is_dir():
            shutil.copytree(entry, folder / entry.name, dirs_exist_ok=True)
            wanted.update(p.relative_to(source) for p in entry.rglob("*"))
        else:
            shutil.copy2(entry, folder / entry.name)
        wanted.add(entry.relative_to(source))
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        relative = path.relative_to(folder)
        if relative.parts[0] in (skip, MARKER) or relative in wanted:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def generate(scale: int, *, seed: int = DEFAULT_SEED, source: Path = DEFAULT_DATA_DIR,
             root: Path | None = None, force: bool = False) -> Path:
    """Write (or reuse) the generated data folder for ``scale`` and return it (use it as ``MSDE_DATA_DIR``)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    folder = (root or default_root()) / f"GENERATED-x{scale}" / "data"
    if folder.resolve().is_relative_to(REPO_ROOT.resolve()):
        raise ValueError(f"refusing to write generated data inside the repository ({folder})")
    signature = _signature(source, scale, seed)
    marker = folder / MARKER
    if not force and marker.is_file() and json.loads(marker.read_text())["signature"] == signature:
        _copy_other_data(source, folder)
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    _copy_other_data(source, folder)
    rows = 0
    for index, original in enumerate(fatality_files(source)):
        stem = generated_name(scale, original.path.stem)
        target = fatalities_dir(folder) / f"{stem}.csv"
        count = generate_file(original.path, target, scale, seed + index)
        sidecar_path(target).write_text(
            yaml.safe_dump(_sidecar(original.meta, original.path, scale, seed, count), sort_keys=False,
                           allow_unicode=True), encoding="utf-8")
        rows += count
    marker.write_text(json.dumps({"label": LABEL, "generated": True, "rows": rows, "signature": signature},
                                 indent=2))
    return folder


def generated_rows(folder: Path) -> int:
    """Rows written into a generated folder (from its marker file)."""
    return int(json.loads((folder / MARKER).read_text())["rows"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if an identical folder exists")
    args = parser.parse_args()
    print(generate(args.scale, seed=args.seed, force=args.force))


if __name__ == "__main__":
    main()
