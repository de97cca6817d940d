"""Extracts for a grid worker's phone: only what the phone needs, masked by default, and sealed
to the worker's key (``Network.extract``, ``Network.sealed_extract``, ``Network.open_extract``,
``quanyu.privacy.WorkerKey``)."""

from __future__ import annotations

import pytest

import quanyu
from quanyu.privacy import Mask, Reveal, WorkerKey, mask


@pytest.fixture(scope="module")
def net() -> quanyu.Network:
    return quanyu.synth.community(8)


def split(net: quanyu.Network, grid: str) -> tuple[list[quanyu.Person], list[quanyu.Person]]:
    """The persons of the grid's extract, by the server's records: insiders (home or place of
    work in the grid) and outsiders."""
    inside = {grid} | {u.id for u in net.descendants(grid)}
    kept = {p.id for p in net.extract(grid).persons()}
    insiders, outsiders = [], []
    for pid in sorted(kept):
        places = [net.home(pid), net.workplace(pid)]
        is_in = any(u is not None and u.id in inside for u in places)
        (insiders if is_in else outsiders).append(net.person(pid))
    return insiders, outsiders


def test_an_extract_drops_phones_and_masks_outsiders(net: quanyu.Network) -> None:
    grid = net.units_by_level("Grid")[2].id
    insiders, outsiders = split(net, grid)
    assert insiders and outsiders
    assert any(p.phone for p in insiders)
    phone = net.extract(grid)
    for p in insiders:
        q = phone.person(p.id)
        assert (q.name, q.phone, q.id_number) == (p.name, None, None)
        assert phone.home(p.id) == net.home(p.id)
    for p in outsiders:
        q = phone.person(p.id)
        assert (q.name, q.phone, q.id_number) == (mask(Mask.ChineseName, p.name), None, None)
        assert phone.home(p.id) is None and phone.workplace(p.id) is None
    day = quanyu.synth.REFERENCE_DATE
    assert phone.responsible_for(grid, day) == net.responsible_for(grid, day)


def test_a_reveal_keeps_insiders_phones_only(net: quanyu.Network) -> None:
    grid = net.units_by_level("Grid")[1].id
    insiders, outsiders = split(net, grid)
    phone = net.extract(grid, reveal=Reveal("worker-07", "grid_service", ["phone"]))
    assert [phone.person(p.id).phone for p in insiders] == [p.phone for p in insiders]
    assert all(phone.person(p.id).id_number is None for p in insiders)
    assert all(phone.person(p.id).phone is None for p in outsiders)
    with pytest.raises(quanyu.InvalidArgumentError, match="purpose"):
        net.extract(grid, reveal=Reveal("worker-07", "curiosity", ["phone"]))
    with pytest.raises(TypeError, match="reveal"):
        net.extract(grid, reveal="phone")  # type: ignore[arg-type]


def test_a_sealed_extract_opens_with_the_workers_key_only(net: quanyu.Network) -> None:
    grid = net.units_by_level("Grid")[0].id
    key = WorkerKey.generate()
    assert key.recipient.startswith("age1") and key.identity.startswith("AGE-SECRET-KEY-1")
    assert key.identity not in repr(key)
    assert WorkerKey.from_identity(key.identity).recipient == key.recipient
    reveal = Reveal("worker-07", "grid_service", ["phone"])
    sealed = net.sealed_extract(grid, key.recipient, reveal=reveal)
    assert isinstance(sealed, bytes)
    opened = quanyu.Network.open_extract(sealed, key.identity)
    assert opened == net.extract(grid, reveal=reveal)
    numbers = [p.phone for p in opened.persons() if p.phone]
    assert numbers
    assert not any(n.encode() in sealed for n in numbers)
    # Two recipients: either key opens it.
    other = WorkerKey.generate()
    both = net.sealed_extract(grid, [key.recipient, other.recipient])
    assert quanyu.Network.open_extract(both, other.identity) == net.extract(grid)

    stranger = WorkerKey.generate()
    with pytest.raises(quanyu.InvalidArgumentError) as wrong:
        quanyu.Network.open_extract(sealed, stranger.identity)
    assert wrong.value.name == "identity"
    assert stranger.identity not in str(wrong.value)
    with pytest.raises(quanyu.ParseError):
        quanyu.Network.open_extract(sealed[: len(sealed) // 2], key.identity)
    flipped = bytearray(sealed)
    flipped[len(sealed) // 2] ^= 0x01
    with pytest.raises(quanyu.QuanyuError):
        quanyu.Network.open_extract(bytes(flipped), key.identity)
    # A secret key where the recipient belongs is refused, and never repeated.
    with pytest.raises(quanyu.InvalidArgumentError) as secret:
        net.sealed_extract(grid, [key.identity])
    assert secret.value.name == "recipients[0]" and key.identity[16:] not in str(secret.value)
    with pytest.raises(TypeError):
        quanyu.Network.open_extract("not bytes", key.identity)  # type: ignore[arg-type]
