"""Build the optional compiled page walk (`nul20scraper/extract/_walk.pyx`).

Everything else is configured in pyproject.toml. The extension is optional: without a C
compiler the install still succeeds and `extract.scan` uses its pure-Python walk.
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

walk = Extension(
    "nul20scraper.extract._walk",
    ["nul20scraper/extract/_walk.pyx"],
    include_dirs=lxml.get_include(),
    optional=True,
)
setup(ext_modules=cythonize([walk], compiler_directives={"language_level": "3"}, quiet=True))
