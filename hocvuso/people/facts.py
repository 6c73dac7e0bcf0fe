"""Tell the apps above that the facts about some people changed.

Every writer of a fact that a figure is computed from (the resident import, a
person's registration or correction, a withdrawn consent, a milestone from an
officer, a visit, a class or an assessment) calls ``facts_changed`` with the
people concerned, inside its own transaction. Apps above ``people`` (reporting)
register a listener at start-up, so ``people`` never imports them and a listener
that fails rolls the write back with it: a figure never lags behind a fact.
"""

from collections.abc import Callable, Iterable

Listener = Callable[[set[int]], None]
_listeners: list[Listener] = []


def facts_listen(listener: Listener) -> None:
    """Call ``listener(person_ids)`` after each change of facts (once per listener)."""
    if listener not in _listeners:
        _listeners.append(listener)


def facts_changed(person_ids: Iterable[int | None]) -> None:
    """Tell every listener that the facts of ``person_ids`` changed."""
    ids = {int(pk) for pk in person_ids if pk is not None}
    if not ids:
        return
    for listener in list(_listeners):
        listener(ids)
