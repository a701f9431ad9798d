"""Build the optional compiled modules.

Everything else is configured in pyproject.toml. Two kinds of extension, both optional: without
a C compiler the install still succeeds and the same code runs as plain Python.

- `extract/_walk.pyx`: the page walk, written in Cython against lxml's C API.
- The parser's hot modules, compiled by Cython from their own `.py` source: the `.py` file
  stays the one source, and `nul20scraper/_compiled.py` (which lists them) runs it instead of
  a build older than it.
"""

import runpy

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

# Read from the file, not imported: importing the package would install its import hook.
COMPILED_MODULES = runpy.run_path("nul20scraper/_compiled.py")["COMPILED_MODULES"]

walk = Extension(
    "nul20scraper.extract._walk",
    ["nul20scraper/extract/_walk.pyx"],
    include_dirs=lxml.get_include(),
    optional=True,
)
modules = [
    Extension(name, [name.replace(".", "/") + ".py"], optional=True)
    for name in COMPILED_MODULES
]
setup(
    ext_modules=cythonize([walk, *modules], compiler_directives={"language_level": "3"},
                          quiet=True, nthreads=2),
    options={"build_ext": {"parallel": 2}},
)
