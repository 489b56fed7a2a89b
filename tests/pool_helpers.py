"""Which pool a rule belongs to, for tests that read every rule's texts."""

from __future__ import annotations

import dataclasses

from hir_docs.pools import Pool, all_pools, load_pool
from hir_docs.rules import Rule


def home_pool(rule: Rule) -> Pool:
    """The first installed pool the rule is on for (HIR first); a rule of a plug-in no
    installed pool names is read with the default pool given that plug-in."""
    for pool in all_pools():
        if rule.off(pool) is None:
            return pool
    default = load_pool()
    plugin = rule.plugin
    return dataclasses.replace(default, plugins=(*default.plugins, plugin)) if plugin else default
