"""Admin of every programme: each programme registers its own models."""

from hocvuso.programmes.agents import admin as agents_admin  # noqa: F401
