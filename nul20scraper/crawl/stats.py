"""Scrapy's stats collector, with its attributes looked up as on any object.

Scrapy's StatsCollector overrides __getattribute__ to wrap its methods in a check that warns
about a deprecated `spider` argument; every attribute access, its own `self._stats` inside
each method included, goes through that override, and a name it has not wrapped costs a
raised and caught AttributeError. Scrapy's components update a dozen stats for every page,
so in the crawl's busiest process this is a measurable share of the work per page. Here the
stats are kept exactly as by MemoryStatsCollector; only the deprecation warning for a
`spider` argument, which no component of this crawl passes, is not given.

Set as STATS_CLASS.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
