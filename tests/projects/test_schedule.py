from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gridpact.projects.schedule import creates_cycle, delay_days, delay_months


def test_delay_is_forecast_minus_baseline_and_negative_when_earlier():
    assert delay_days(date(2029, 12, 31), date(2033, 12, 31)) == 1461
    assert delay_days(date(2030, 3, 31), date(2029, 12, 1)) == -120
    assert delay_days(None, date(2030, 1, 1)) is None
    assert delay_months(1461) == 48.0


def test_cycle_detection():
    edges = [("a", "b"), ("b", "c")]
    assert creates_cycle(edges, "c", "a")
    assert creates_cycle(edges, "a", "a")
    assert not creates_cycle(edges, "a", "c")
    assert not creates_cycle(edges, "x", "a")


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=20))
def test_adding_only_non_cycle_edges_keeps_the_graph_acyclic(candidates):
    edges = []
    for before, after in candidates:
        if not creates_cycle(edges, before, after):
            edges.append((before, after))
    # A topological order exists exactly when the graph is acyclic.
    nodes = {n for e in edges for n in e}
    incoming = {n: sum(1 for _b, a in edges if a == n) for n in nodes}
    ready = [n for n, k in incoming.items() if k == 0]
    seen = 0
    remaining = list(edges)
    while ready:
        node = ready.pop()
        seen += 1
        for edge in [e for e in remaining if e[0] == node]:
            remaining.remove(edge)
            incoming[edge[1]] -= 1
            if incoming[edge[1]] == 0:
                ready.append(edge[1])
    assert seen == len(nodes)
