"""The fictional Viborg example application (shared example facts of the project).

Real municipality, invented people and numbers, kept in the pool folder
(``hir_docs/pools/<id>/example.toml``). Keys are the JSON field keys; lines separate
paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from hir_docs.pools import PoolError, load_pool, read_toml


def example_answers(pool_id: str | None = None) -> dict[str, str]:
    """The example answers of a pool's application form (default: the default pool)."""
    pool = load_pool(pool_id)
    if pool.folder is None:
        raise PoolError(f"Puljen {pool.id} har ingen mappe med example.toml.")
    path = pool.folder / "example.toml"
    answers = read_toml(path).get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        raise PoolError(f"Puljefilen {path}: nøglen 'answers' skal være en tabel af tekster.")
    return answers


def example_statistics(pool_id: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The statistics table an example application pastes after its summary (rows)."""
    pool = load_pool(pool_id)
    path = (pool.folder or Path()) / "example.toml"
    rows = read_toml(path).get("statistics", {}).get("rows", [])
    return tuple(tuple(str(c) for c in row) for row in rows)


EXAMPLE_ANSWERS: dict[str, str] = example_answers()
