"""``Network.to_networkx``: the unit tree, or the whole network, as a networkx graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._quanyu import Network


def to_networkx(net: Network, what: str = "units") -> Any:
    """See ``Network.to_networkx``.

    >>> import quanyu
    >>> tree = quanyu.synth.community(1).to_networkx()
    >>> import networkx as nx
    >>> nx.is_arborescence(tree), tree.nodes[next(iter(tree))]["level"]
    (True, 'Subdistrict')
    """
    import networkx as nx

    if what not in ("units", "network"):
        raise ValueError(f"unknown graph {what!r}; expected 'units' or 'network'")
    units = net.unit_records().to_pylist()
    if what == "units":
        tree = nx.DiGraph()
        for u in units:
            tree.add_node(u["id"], name=u["name"], level=u["level"], grid_kind=u["grid_kind"], residents=u["residents"])
        tree.add_edges_from((u["parent"], u["id"]) for u in units if u["parent"] is not None)
        return tree

    g = nx.MultiDiGraph()
    for u in units:
        g.add_node(u["id"], kind="unit", name=u["name"], level=u["level"], grid_kind=u["grid_kind"], residents=u["residents"])
    for u in units:
        if u["parent"] is not None:
            g.add_edge(u["parent"], u["id"], relation="contains")
    for o in net.organisation_records().to_pylist():
        g.add_node(o["id"], kind="organisation", name=o["name"], organisation_kind=o["kind"], category=o["category"])
    for o in net.organisation_records().to_pylist():
        if o["parent"] is not None:
            g.add_edge(o["parent"], o["id"], relation="oversees")
        if o["anchor"] is not None:
            g.add_edge(o["id"], o["anchor"], relation="anchored_on")
    for p in net.person_records().to_pylist():
        g.add_node(p["id"], kind="person", name=p["name"])
        if p["home"] is not None:
            g.add_edge(p["id"], p["home"], relation="lives_in")
        if p["works_at"] is not None:
            g.add_edge(p["id"], p["works_at"], relation="works_at")
    for t in net.task_records().to_pylist():
        g.add_node(t["id"], kind="task", name=t["name"], category=t["category"], deadline=t["deadline"], status=t["status"])
        g.add_edge(t["id"], t["unit"], relation="task_at")
    for m in net.membership_records().to_pylist():
        g.add_edge(m["person"], m["organisation"], relation="member_of", start=m["start"], end=m["end"])
    for p in net.post_records().to_pylist():
        place = p["unit"] if p["unit"] is not None else p["organisation"]
        g.add_edge(p["person"], place, relation="holds_post", role=p["role"], start=p["start"], end=p["end"])
    for r in net.grid_layer_records().to_pylist():
        g.nodes[r["building"]].setdefault("layers", {})[r["layer"]] = r["grid"]
    for r in net.lead_records().to_pylist():
        g.add_edge(r["pioneer"], r["volunteer"], relation="leads")
    for r in net.service_records().to_pylist():
        g.add_edge(r["volunteer"], r["household"], relation="serves")
    for c in net.contract_records().to_pylist():
        g.add_edge(c["holder"], c["target"], relation="contract", contract_kind=c["kind"], start=c["start"], end=c["end"])
    return g
