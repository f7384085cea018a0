"""Rankings of incidents: the values of a column with the most dead and missing, and unknown shares.

Tuple columns (countries of origin, causes of death) count an incident under
each value it lists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.fatalities import KEY_SUFFIX, value_codes
from transforms.counting import event_codes, events_per_value
from transforms.dimensions import UNKNOWN_ORIGINS

#: (column, exclude) -> (categories, combos, labels, pair_combo, pair_label) for :func:`_value_pairs`: what a
#: categorical's distinct cells list, worked out once per set of categories (every cut of the shared incident
#: frame keeps its categories object), not on every call. Holding the categories keeps the identity check sound.
_PAIRS: dict[tuple, tuple] = {}


def _value_pairs(incidents: pd.DataFrame, column: str, exclude: tuple[str, ...]
                 ) -> tuple[np.ndarray, list, list[str], np.ndarray, np.ndarray]:
    """Each row's cell code, the distinct cells (as tuples), the sorted values they list (less ``exclude``),
    and the (cell, value) pairs: cell ``pair_combo[k]`` lists value ``pair_label[k]``."""
    key = column + KEY_SUFFIX if column + KEY_SUFFIX in incidents.columns else column
    series = incidents[key]
    categories = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else None
    memo = _PAIRS.get((column, exclude)) if categories is not None else None
    if memo is not None and memo[0] is categories:
        return (series.cat.codes.to_numpy().astype(np.int64), *memo[1:])
    codes, uniques = value_codes(incidents, column)
    combos = [u if isinstance(u, tuple) else (u,) for u in uniques]
    labels = sorted({v for combo in combos for v in combo if isinstance(v, str) and v not in exclude})
    label_id = {label: i for i, label in enumerate(labels)}
    pair_combo = np.array([c for c, combo in enumerate(combos) for v in combo if v in label_id], dtype=np.int64)
    pair_label = np.array([label_id[v] for combo in combos for v in combo if v in label_id], dtype=np.int64)
    if categories is not None:
        _PAIRS[(column, exclude)] = (categories, combos, labels, pair_combo, pair_label)
    return codes, combos, labels, pair_combo, pair_label


#: The dtype pandas gives a column of labels (text).
_LABEL_DTYPE = pd.Series(["a"]).dtype


def top_values(incidents: pd.DataFrame, column: str, n: int = 10,
               exclude: tuple[str, ...] = UNKNOWN_ORIGINS) -> pd.DataFrame:
    """The ``n`` values of ``column`` with the most dead and missing.

    Tuple columns (country_of_origin, cause_of_death) count an incident under
    each value it lists. Columns: value, dead_missing, incidents, share (of all
    dead and missing in ``incidents``, 0-1).
    """
    codes, combos, labels, pair_combo, pair_label = _value_pairs(incidents, column, exclude)
    if not labels:
        return pd.DataFrame({"value": [], "dead_missing": [], "incidents": [], "share": []})
    # People per distinct cell (cell 0 stands for a blank cell, code -1), spread onto the labels each cell lists.
    cells = codes + 1
    weights = incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0)
    by_combo = np.bincount(cells, weights=weights, minlength=len(combos) + 1)[1:]
    dead_missing = np.bincount(pair_label, weights=by_combo[pair_combo], minlength=len(labels))
    incident_counts = events_per_value(cells, event_codes(incidents), pair_combo + 1, pair_label, len(combos) + 1,
                                       len(labels))
    # Values with any dead, missing or incident, most dead and missing first, then most incidents, ties in label
    # order (a stable sort), the first n; in numpy, as each pandas step on a frame this small costs more.
    kept = np.flatnonzero((dead_missing > 0) | (incident_counts > 0))
    top = kept[np.lexsort((-incident_counts[kept], -dead_missing[kept]))][:n]
    grand = float(weights.sum())
    people = dead_missing[top]
    return pd.DataFrame({"value": pd.array([labels[i] for i in top.tolist()], dtype=_LABEL_DTYPE),
                         "dead_missing": people.round().astype(int), "incidents": incident_counts[top].astype(int),
                         "share": people / grand if grand else np.zeros(len(top))})


def unknown_share(incidents: pd.DataFrame, column: str,
                  unknown: tuple[str, ...] = UNKNOWN_ORIGINS) -> float:
    """Share (0-1) of dead and missing in incidents whose ``column`` is blank or only unknown values."""
    def is_unknown(cell: object) -> bool:
        if isinstance(cell, tuple):
            return all(v in unknown for v in cell)
        return cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell in unknown

    codes, uniques = value_codes(incidents, column)
    unknown_cell = np.array([is_unknown(None)] + [is_unknown(u) for u in uniques])  # first: a blank cell
    per_cell = np.bincount(codes + 1, weights=incidents["dead_missing"].to_numpy(dtype=float, na_value=0.0),
                           minlength=len(unknown_cell))
    grand = float(per_cell.sum())
    return float(per_cell[unknown_cell].sum()) / grand if grand else 0.0
