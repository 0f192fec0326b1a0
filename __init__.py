"""plankg: a knowledge graph of Vietnamese administrative-reform plans."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("plankg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
