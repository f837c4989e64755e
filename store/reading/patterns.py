"""Regular-expression building blocks shared by the parser's modules."""

from __future__ import annotations

import re


def literal_trie(words: list[str] | tuple[str, ...]) -> str:
    """One regex for a set of literal words, as a trie: "万(?:元|人(?:次)?)?" for 万, 万元,
    万人, 万人次. The regex engine tries each alternative of a flat alternation in turn after
    every number (a hundred units); the trie follows one branch per character. Optional
    parts are greedy, so the longest unit wins, as in the longest-first flat list."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")?"
        return body

    return render(tree)
