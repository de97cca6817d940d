"""Sphinx configuration of the Python documentation (`make docs-python`)."""

import quanyu

project = "quanyu"
author = "The quanyu developers"
copyright = "2026, The quanyu developers"
release = quanyu.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
myst_heading_anchors = 3

# The API pages come from the package's docstrings; signatures of the native classes come from
# the module itself (pyo3's text signatures), and the stubs (`_quanyu.pyi`) are checked against
# it by `make test`.
autodoc_default_options = {"members": True, "undoc-members": False, "member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_class_signature = "separated"
add_module_names = False

html_theme = "alabaster"
html_title = f"quanyu {release}"
html_theme_options = {"description": "Community-governance networks", "fixed_sidebar": True}
html_static_path: list[str] = []
