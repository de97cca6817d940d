"""Seeded synthetic cities, from one subdistrict to a megacity: the same seed gives the same
network, byte for byte.

>>> import quanyu
>>> net = quanyu.synth.community(2024)
>>> len(net.units_by_level("Grid")), quanyu.synth.REFERENCE_DATE
(21, datetime.date(2024, 10, 13))
"""

from ._quanyu import REFERENCE_DATE, community, district, generate, megacity

__all__ = ["REFERENCE_DATE", "community", "district", "generate", "megacity"]
