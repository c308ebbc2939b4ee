"""Sound-alike name keys: recall on respellings of one name and false candidates among different names, per
key scheme.

    .venv/bin/python -m bench.soundalike                  # the tables of docs/BENCHMARKS.md
    .venv/bin/python -m bench.soundalike --misses "sound_key (registry)"   # the pairs a scheme misses

No database: keys only. Two names are candidates of each other when their keys are equal (for a scheme of two
keys, when either is). Recall: the share of spelling pairs of one name (``bench/soundalike/pairs.py``) whose
keys agree. False candidates: the share of pairs of different names whose keys agree — hand-checked pairs,
near pairs from the corpora (same first two letters), and every pair of distinct spellings in PyThaiNLP's
first-name and family-name corpora (the last two still hold some true sound-alikes, so they are upper
bounds). Speed: processor microseconds per name, uncached, over the corpora (best of three runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import comb

from pythainlp.soundex import soundex

from bench.soundalike.pairs import (
    HAND_NEGATIVES,
    RULE_NAMES,
    RULES,
    Pair,
    beyond_rules,
    corpus,
    generated_pairs,
    hand_pairs,
    near_negatives,
)
from nokrabob.registry.names import METASOUND_LENGTH, fold_spelling, sound_key

Key = Callable[[str], str]


def engine(name: str, length: int = 4) -> Key:
    def key(text: str) -> str:
        try:
            return soundex(text, engine=name, length=length) if text else ""
        except (IndexError, KeyError, ValueError):
            return ""

    return key


def folded(key: Key) -> Key:
    return lambda text: key(fold_spelling(text))


def both(*keys: Key) -> Key:
    """One key that agrees only when every part agrees (their concatenation)."""

    def key(text: str) -> str:
        parts = [k(text) for k in keys]
        return "|".join(parts) if all(parts) else ""

    return key


def collapsed(length: int) -> Key:
    """MetaSound with repeated codes in a row kept once (as Soundex and LK82 do), ``length`` long."""

    def key(text: str) -> str:
        full = engine("metasound", 30)(text).rstrip("0")
        if not full:
            return ""
        codes = [c for i, c in enumerate(full[1:]) if i == 0 or c != full[i]]
        return (full[0] + "".join(codes) + "0" * length)[:length]

    return key


@dataclass(frozen=True)
class Scheme:
    label: str
    keys: tuple[Key, ...]  # a candidate when any of them agrees

    def match(self, a: str, b: str) -> bool:
        return any((ka := k(a)) and ka == k(b) for k in self.keys)


ms4, lk82, udom83 = engine("metasound"), engine("lk82"), engine("udom83")
ps, complete = engine("prayut_and_somchaip"), engine("complete_soundex")
fms = {n: folded(engine("metasound", n)) for n in (4, 5, 6, 8)}
SCHEMES = (
    Scheme("MetaSound, 4 (before)", (ms4,)),
    Scheme("MetaSound, 6", (engine("metasound", 6),)),
    Scheme("LK82", (lk82,)),
    Scheme("Udom83 (PyThaiNLP's default soundex)", (udom83,)),
    Scheme("Prayut & Somchaip", (ps,)),
    Scheme("Complete Soundex", (complete,)),
    Scheme("fold + MetaSound, 4", (fms[4],)),
    Scheme("fold + MetaSound, 5", (fms[5],)),
    Scheme("fold + MetaSound, 6", (fms[6],)),
    Scheme("fold + MetaSound, 8", (fms[8],)),
    Scheme("fold + LK82", (folded(lk82),)),
    Scheme("fold + Udom83", (folded(udom83),)),
    Scheme("fold + Prayut & Somchaip", (folded(ps),)),
    Scheme("fold + Complete Soundex", (folded(complete),)),
    Scheme("fold + MetaSound 6, repeats collapsed", (folded(collapsed(6)),)),
    Scheme("fold + (MetaSound 6, repeats collapsed, and LK82: one key)", (folded(both(collapsed(6), lk82)),)),
    Scheme("fold + (Udom83 and LK82: one key)", (folded(both(udom83, lk82)),)),
    Scheme("MetaSound 4 or LK82 (two keys)", (ms4, lk82)),
    Scheme("MetaSound 4 or Udom83 (two keys)", (ms4, udom83)),
    Scheme("fold + (MetaSound 6 and LK82: one key)", (both(fms[6], folded(lk82)),)),
    Scheme("fold + (MetaSound 6 or LK82: two keys)", (fms[6], folded(lk82))),
    Scheme("fold + (MetaSound 4 or LK82: two keys)", (fms[4], folded(lk82))),
    Scheme("sound_key (registry)", (sound_key,)),
)
PER_RULE = (
    "MetaSound, 4 (before)", "LK82", "Udom83 (PyThaiNLP's default soundex)", "fold + MetaSound, 6",
    "fold + LK82", "sound_key (registry)",
)  # fmt: skip


def recall(scheme: Scheme, pairs: Sequence[Pair]) -> float:
    return sum(scheme.match(p.a, p.b) for p in pairs) / len(pairs) if pairs else float("nan")


def share(scheme: Scheme, pairs: Sequence[tuple[str, str]]) -> float:
    return sum(scheme.match(a, b) for a, b in pairs) / len(pairs)


def population(scheme: Scheme, names: Sequence[str]) -> tuple[float, float]:
    """Among all pairs of distinct spellings: the share whose keys agree (by any key: the union of each key's
    colliding pairs), and how many other spellings a name meets on average."""
    keyed = [tuple(k(n) for k in scheme.keys) for n in names]

    def colliding(select: Callable[[tuple[str, ...]], tuple[str, ...] | None]) -> int:
        counts = Counter(s for t in keyed if (s := select(t)) is not None)
        return sum(comb(c, 2) for c in counts.values())

    total = 0
    # inclusion–exclusion over the keys (one or two of them)
    if len(scheme.keys) == 1:
        total = colliding(lambda t: t if t[0] else None)
    else:
        a = colliding(lambda t: (t[0],) if t[0] else None)
        b = colliding(lambda t: (t[1],) if t[1] else None)
        ab = colliding(lambda t: t if t[0] and t[1] else None)
        total = a + b - ab
    return total / comb(len(names), 2), 2 * total / len(names)


def microseconds(scheme: Scheme, names: Sequence[str], repeat: int = 3) -> float:
    """Processor time per name, the best of ``repeat`` runs over ``names`` (processor time, not wall time:
    the machine is shared, and other processes' load would count in wall time)."""
    keys = [getattr(k, "__wrapped__", k) for k in scheme.keys]  # sound_key without its cache
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for name in names:
            for k in keys:
                k(name)
        best = min(best, time.process_time() - started)
    return best / len(names) * 1e6


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--per-rule", type=int, default=40, help="respellings per rule and corpus")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--misses", metavar="SCHEME", help="list the spelling pairs this scheme misses")
    args = parser.parse_args(argv)

    hand = hand_pairs()
    generated = generated_pairs(args.per_rule, args.seed)
    beyond = beyond_rules()
    near = list(near_negatives())
    names = corpus()
    every = [*names["first"], *names["family"]]

    if args.misses:
        scheme = next(s for s in SCHEMES if s.label == args.misses)
        for p in (*hand, *generated, *beyond):
            if not scheme.match(p.a, p.b):
                keys = [(k(p.a), k(p.b)) for k in scheme.keys]
                print(p.rule, p.source, p.a, p.b, keys)
        return 0

    print(
        f"Spelling pairs of one name: {len(hand)} hand-checked, {len(generated)} generated from the corpora "
        f"({args.per_rule} per rule and corpus, seed {args.seed}), {len(beyond)} beyond the rules. "
        f"Different names: {len(HAND_NEGATIVES)} hand-checked pairs, {len(near)} near pairs; "
        f"{len(names['first']):,} first names and {len(names['family']):,} family names. "
        f"The registry's key: fold, then MetaSound {METASOUND_LENGTH} and LK82.\n"
    )
    print(
        "| scheme | recall, hand pairs | recall, generated | recall, beyond the rules | false, hand "
        "negatives | false, near pairs | false, all first-name pairs (‱) | others per first name | false, "
        "all family-name pairs (‱) | others per family name | µs per name |"
    )
    print("|---|" + "---:|" * 10)
    for scheme in SCHEMES:
        first_rate, first_others = population(scheme, names["first"])
        family_rate, family_others = population(scheme, names["family"])
        print(
            f"| {scheme.label} | {pct(recall(scheme, hand))} | {pct(recall(scheme, generated))} "
            f"| {pct(recall(scheme, beyond))} | {pct(share(scheme, list(HAND_NEGATIVES)))} "
            f"| {pct(share(scheme, near))} | {first_rate * 1e4:.1f} | {first_others:.1f} "
            f"| {family_rate * 1e4:.1f} | {family_others:.1f} | {microseconds(scheme, every):.1f} |",
            flush=True,
        )

    print("\nRecall per rule (hand-checked and generated pairs together; n = pairs)\n")
    chosen = [s for s in SCHEMES if s.label in PER_RULE]
    print("| rule | n | " + " | ".join(s.label for s in chosen) + " |")
    print("|---|---:|" + "---:|" * len(chosen))
    together = [*hand, *generated]
    for rule in (*RULES, "no ์", "cluster ร"):
        pairs = [p for p in (*together, *beyond) if p.rule == rule]
        cells = " | ".join(pct(recall(s, pairs)) for s in chosen)
        print(f"| {RULE_NAMES[rule]} | {len(pairs)} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
