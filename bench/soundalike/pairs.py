"""Sound-alike test data: pairs of spellings of one name, and pairs of different names.

- ``HAND_PAIRS``: hand-checked spellings of one name that Thai offices write (the issue's examples and
  other well-known pairs), each with the rule it shows.
- ``generated_pairs()``: real first and family names from PyThaiNLP's corpora (offline), each respelled by
  one or two of the rules below — written here from the rules' description, independently of the registry's
  own fold (``nokrabob.registry.names.fold_spelling``), so the benchmark does not grade the fold by itself.
- ``BEYOND_RULES``: respellings outside the rules of the issue (a ์ left out, the ร of a true cluster
  dropped), reported apart to show where every key stops.
- ``HAND_NEGATIVES`` and ``near_negatives()``: different names, to count false candidates.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    rule: str
    source: str  # "hand" or "first"/"family" (the corpus the real name came from)


RULES = ("ศ/ษ/ส", "ณ/น", "ธ/ท", "ภ/พ", "ใ/ไ", "final", "silent", "ะ", "ร", "two rules")
RULE_NAMES = {
    "ศ/ษ/ส": "ศ/ษ/ส swapped",
    "ณ/น": "ณ/น swapped",
    "ธ/ท": "ธ/ท swapped",
    "ภ/พ": "ภ/พ swapped",
    "ใ/ไ": "ใ/ไ swapped",
    "final": "final consonant written as heard (ฐ→ด, ญ/ณ/ล→น, ค→ก, ภ/พ→บ)",
    "silent": "silent letter under ์ left out",
    "ะ": "ะ added or dropped",
    "ร": "silent ร / ร หัน written as heard (ศรี→สี, วรรณา→วันนา)",
    "two rules": "two of the rules at once (สมศักดิ์→สมสัก)",
    "no ์": "beyond the rules: ์ left out, the letter kept (ณรงค์→ณรงค)",
    "cluster ร": "beyond the rules: ร of a true cluster dropped (ประ→ปะ)",
}

# fmt: off
HAND_PAIRS: tuple[tuple[str, str, str], ...] = (
    # the examples
    ("สมศักดิ์", "สมสัก", "two rules"), ("ศรีวรรณ", "สีวรรณ", "ร"), ("ณรงค์", "นรงค์", "ณ/น"),
    ("ใบเตย", "ไบเตย", "ใ/ไ"),
    # ศ/ษ/ส
    ("ศิริพร", "สิริพร", "ศ/ษ/ส"), ("ศุภชัย", "สุภชัย", "ศ/ษ/ส"), ("ศักดา", "สักดา", "ศ/ษ/ส"),
    ("วิษณุ", "วิศณุ", "ศ/ษ/ส"), ("พงษ์ศักดิ์", "พงศ์ศักดิ์", "ศ/ษ/ส"), ("วงษ์", "วงศ์", "ศ/ษ/ส"),
    ("ไพศาล", "ไพสาล", "ศ/ษ/ส"), ("เกษม", "เกสม", "ศ/ษ/ส"), ("อุษา", "อุสา", "ศ/ษ/ส"),
    ("ศิริรัตน์", "สิริรัตน์", "ศ/ษ/ส"),
    # ณ/น
    ("ณัฐพล", "นัฐพล", "ณ/น"), ("ณัฐวุฒิ", "นัฐวุฒิ", "ณ/น"), ("ปราณี", "ปรานี", "ณ/น"),
    ("ประณีต", "ประนีต", "ณ/น"), ("รัตนา", "รัตณา", "ณ/น"), ("อรุณ", "อรุน", "ณ/น"), ("ณิชา", "นิชา", "ณ/น"),
    ("กรรณิการ์", "กรรนิการ์", "ณ/น"), ("วรรณา", "วรรนา", "ณ/น"),
    # ธ/ท
    ("ธนพล", "ทนพล", "ธ/ท"), ("ธนากร", "ทนากร", "ธ/ท"), ("ธีระ", "ทีระ", "ธ/ท"), ("ศศิธร", "ศศิทร", "ธ/ท"),
    ("สุนทร", "สุนธร", "ธ/ท"), ("ธิดา", "ทิดา", "ธ/ท"), ("ธนพร", "ทนพร", "ธ/ท"),
    # ภ/พ
    ("ภัทรา", "พัทรา", "ภ/พ"), ("ภานุวัฒน์", "พานุวัฒน์", "ภ/พ"), ("ภูวดล", "พูวดล", "ภ/พ"),
    ("สมพร", "สมภร", "ภ/พ"), ("ประภา", "ประพา", "ภ/พ"), ("วิภาวรรณ", "วิพาวรรณ", "ภ/พ"),
    # ใ/ไ
    ("ใจดี", "ไจดี", "ใ/ไ"), ("สายใจ", "สายไจ", "ใ/ไ"), ("ใหม่", "ไหม่", "ใ/ไ"), ("ประไพ", "ประใพ", "ใ/ไ"),
    ("พิไลวรรณ", "พิใลวรรณ", "ใ/ไ"), ("อำไพ", "อำใพ", "ใ/ไ"), ("ใบบัว", "ไบบัว", "ใ/ไ"),
    # final consonants written as heard
    ("ประเสริฐ", "ประเสริด", "final"), ("อภิชาติ", "อภิชาต", "final"), ("วันเพ็ญ", "วันเพ็น", "final"),
    ("บุญเรือง", "บุนเรือง", "final"), ("บุญมี", "บุนมี", "final"), ("กาญจนา", "กานจนา", "final"),
    ("ศศิวิมล", "ศศิวิมน", "final"), ("กมล", "กมน", "final"), ("นพดล", "นพดน", "final"),
    ("สุเมธ", "สุเมด", "final"), ("โชคชัย", "โชกชัย", "final"), ("ลาภ", "ลาบ", "final"),
    ("เกียรติ", "เกียด", "final"),
    # silent letters
    ("นงลักษณ์", "นงลักษ์", "silent"), ("นงลักษณ์", "นงลัก", "silent"), ("จันทร์เพ็ญ", "จันเพ็ญ", "silent"),
    ("จันทร์ทิพย์", "จันทิพ", "silent"), ("ศักดิ์ชัย", "ศักชัย", "silent"), ("กิตติศักดิ์", "กิตติศัก", "silent"),
    ("เกียรติศักดิ์", "เกียรติศัก", "silent"), ("พันธ์", "พัน", "silent"), ("สุดารัตน์", "สุดารัต", "silent"),
    ("เยาวลักษณ์", "เยาวลัก", "silent"), ("เสาวลักษณ์", "เสาวลักษ์", "silent"), ("ณรงค์", "ณรง", "silent"),
    ("อินทร์", "อิน", "silent"), ("วงศ์", "วง", "silent"), ("พงษ์", "พง", "silent"), ("ทิพย์", "ทิพ", "silent"),
    ("วิโรจน์", "วิโรจ", "silent"), ("อนุสรณ์", "อนุสร", "silent"), ("สุรเชษฐ์", "สุรเชษ", "silent"),
    # ะ
    ("ปิยะนุช", "ปิยนุช", "ะ"), ("ปิยะพงษ์", "ปิยพงษ์", "ะ"), ("วีระพงษ์", "วีรพงษ์", "ะ"),
    ("ธีระพงษ์", "ธีรพงษ์", "ะ"), ("ธนะชัย", "ธนชัย", "ะ"), ("มะลิ", "มลิ", "ะ"), ("สะอาด", "สอาด", "ะ"),
    ("ทะนง", "ทนง", "ะ"), ("ชนิดา", "ชะนิดา", "ะ"), ("วีระศักดิ์", "วีรศักดิ์", "ะ"),
    # silent ร, ร หัน
    ("ศรีสุข", "สีสุข", "ร"), ("ศรีนวล", "สีนวล", "ร"), ("เพ็ญศรี", "เพ็ญสี", "ร"), ("สมศรี", "สมสี", "ร"),
    ("สร้อยทอง", "ส้อยทอง", "ร"), ("วรรณา", "วันนา", "ร"), ("พรรณี", "พันนี", "ร"), ("จรรยา", "จันยา", "ร"),
    ("บรรจง", "บันจง", "ร"),
    # two rules at once
    ("ณรงค์ศักดิ์", "นรงค์สัก", "two rules"), ("จิราภรณ์", "จิราพร", "two rules"), ("ภาณุ", "พานุ", "two rules"),
    ("ศุภลักษณ์", "สุภลักษ์", "two rules"), ("ธีรศักดิ์", "ทีรสัก", "two rules"), ("สุรศักดิ์", "สุรสัก", "two rules"),
    ("ศักดิ์ชัย", "สักชัย", "two rules"), ("เกียรติศักดิ์", "เกียรติสัก", "two rules"),
    ("กิตติศักดิ์", "กิตติสัก", "two rules"), ("ไพโรจน์", "ไพโรด", "two rules"), ("ธนภรณ์", "ทนพร", "two rules"),
    ("อาภรณ์", "อาพร", "two rules"), ("ณัฐธิดา", "นัฐทิดา", "two rules"), ("สุรเชษฐ์", "สุรเชด", "two rules"),
    ("ธรรมนูญ", "ทัมนูน", "two rules"),
)

# Different names, several of them close: the same first syllable, or (marked) the same consonants with
# other vowels, which no consonant key can tell apart.
HAND_NEGATIVES: tuple[tuple[str, str], ...] = (
    ("สมศักดิ์", "สมศรี"), ("สมชาย", "สมหญิง"), ("สุดา", "สุนิสา"), ("ประเสริฐ", "ประสิทธิ์"), ("ประภา", "ประไพ"),
    ("ณรงค์", "ณัฐ"), ("ศรีวรรณ", "ศรีสุข"), ("นงลักษณ์", "นงนุช"), ("วันเพ็ญ", "วันดี"), ("บุญมี", "บุญชัย"),
    ("ใบเตย", "ใบบัว"), ("ธนพล", "ธนากร"), ("ภัทรา", "ภาวิณี"), ("สมพร", "สมพงษ์"), ("จันทร์เพ็ญ", "จันทร์ทิพย์"),
    ("ศิริพร", "ศิริรัตน์"), ("ปิยะนุช", "ปิยะพงษ์"), ("วีระพงษ์", "วีระศักดิ์"), ("สุรศักดิ์", "สุรชัย"),
    ("ชนิดา", "ชนากานต์"), ("สุภาพ", "สุพัตรา"), ("อรุณ", "อรทัย"), ("ปราณี", "ปรีชา"), ("ทองดี", "ทองคำ"),
    ("สมหมาย", "สมใจ"), ("อำไพ", "อำนาจ"), ("พิไลวรรณ", "พิมพ์วรรณ"), ("นพดล", "นพรัตน์"),
    ("เกียรติศักดิ์", "เกียรติชัย"), ("กิตติศักดิ์", "กิตติพงษ์"), ("ธีระ", "ธีรยุทธ"), ("ณัฐพล", "ณัฐวุฒิ"),
    ("สุนทร", "สุนันทา"), ("อนุสรณ์", "อนุชา"), ("สายใจ", "สายสุนีย์"), ("ศักดิ์ชัย", "ศักดิ์สิทธิ์"),
    ("ประณีต", "ประนอม"), ("รัตนา", "รัชนี"), ("บุญเรือง", "บุญรอด"), ("เยาวลักษณ์", "เยาวภา"),
    ("เสาวลักษณ์", "เสาวนีย์"), ("กาญจนา", "กาญจนาภรณ์"), ("อุษา", "อุไร"), ("ศศิธร", "ศศิวิมล"),
    ("ทะนง", "ทองใบ"), ("วิษณุ", "วิชัย"), ("ไพศาล", "ไพโรจน์"), ("สมบัติ", "สมบูรณ์"), ("มานพ", "มานะ"),
    ("นิภา", "นิภาพร"), ("ชาตรี", "ชาติชาย"), ("สุนีย์", "สุนิสา"), ("กมล", "กมลวรรณ"), ("ศรีสุข", "ศรีสมบูรณ์"),
    ("แก้วมณี", "แก้วประเสริฐ"), ("ทองมา", "ทองสุข"), ("จันทร์แก้ว", "จันทร์หอม"), ("บุญมา", "บุญส่ง"),
    ("พรทิพย์", "พรพรรณ"), ("วงศ์สวัสดิ์", "วงศ์ใหญ่"),
    # same consonants, other vowels (different names all the same)
    ("บุญมี", "บุญมา"), ("สุดา", "สีดา"), ("มะลิ", "มาลี"), ("มานี", "มานะ"), ("กัลยา", "กัลยาณี"),
)

# Respellings outside the rules (reported apart).
BEYOND_RULES: tuple[tuple[str, str, str], ...] = (
    ("ณรงค์", "ณรงค", "no ์"), ("สมศักดิ์", "สมศักดิ", "no ์"), ("จันทร์", "จันทร", "no ์"),
    ("สุดารัตน์", "สุดารัตน", "no ์"), ("วงศ์", "วงศ", "no ์"), ("ทิพย์", "ทิพย", "no ์"),
    ("พงษ์ศักดิ์", "พงษศักดิ์", "no ์"), ("นงลักษณ์", "นงลักษณ", "no ์"), ("อนุสรณ์", "อนุสรณ", "no ์"),
    ("ประเสริฐ", "ปะเสริฐ", "cluster ร"), ("ประภา", "ปะภา", "cluster ร"), ("ปรีชา", "ปีชา", "cluster ร"),
    ("ครองศักดิ์", "คองศักดิ์", "cluster ร"), ("ประไพ", "ปะไพ", "cluster ร"), ("กรองทอง", "กองทอง", "cluster ร"),
    ("ตรีรัตน์", "ตีรัตน์", "cluster ร"), ("ประยุทธ", "ปะยุทธ", "cluster ร"),
)
# fmt: on

CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
LEADING = "เแโใไ"
AFTER_VOWELS = "ะัาำิีึืุูๅ็่้๊๋"  # marks written after (or over, under) a consonant


@cache
def corpus() -> dict[str, tuple[str, ...]]:
    """Real Thai names, one spelling each, without spaces (PyThaiNLP's corpora, offline)."""
    firsts = sorted({n for n in (*thai_female_names(), *thai_male_names()) if " " not in n and "." not in n})
    family = sorted({n for n in thai_family_names() if " " not in n and "." not in n})
    return {"first": tuple(firsts), "family": tuple(family)}


# ── the rules, one respelling each (None when a rule does not apply to the name) ───────────────────────
def _swap(pairs: dict[str, str]) -> Callable[[str, random.Random], str | None]:
    def rule(name: str, rng: random.Random) -> str | None:
        spots = [i for i, ch in enumerate(name) if ch in pairs]
        if not spots:
            return None
        i = rng.choice(spots)
        return name[:i] + pairs[name[i]] + name[i + 1 :]

    return rule


AS_HEARD = {
    **dict.fromkeys("ตทธฐฑฒฏฎจชซศษส", "ด"), **dict.fromkeys("ณญลฬ", "น"), **dict.fromkeys("ขคฆ", "ก"),
    **dict.fromkeys("ปพภฟ", "บ"),
}  # fmt: skip


def final_as_heard(name: str, rng: random.Random) -> str | None:
    """The last consonant, when it closes the name's last syllable, written as a clerk hears it."""
    if len(name) < 3 or name[-1] not in AS_HEARD or name[-2] in LEADING:
        return None
    if not (name[-2] in AFTER_VOWELS or name[-2] in CONSONANTS):
        return None
    return name[:-1] + AS_HEARD[name[-1]]


SILENT_PAIRS = ("ทร์", "ตร์", "ษณ์", "จน์")


def silent_left_out(name: str, rng: random.Random) -> str | None:
    """A silent letter (or silent pair after a final consonant) and its ์ left out: สมศักดิ์ → สมศัก."""
    spots = [m.start() for m in re.finditer("์", name)]
    if not spots:
        return None
    end = rng.choice(spots)
    start = end - 1
    if name[start] in "ิุ":
        start -= 1
    closed = start > 2 and name[start - 2] in CONSONANTS.replace("ฤ", "") and name[start - 3] in AFTER_VOWELS
    if name[start - 1 : end + 1] in SILENT_PAIRS and closed:  # จันทร์ → จัน, not วิโรจน์ → วิโร
        start -= 1
    if start < 1:
        return None
    return name[:start] + name[end + 1 :]


def sara_a(name: str, rng: random.Random) -> str | None:
    """A ะ inside the name dropped (ปิยะนุช → ปิยนุช), or one added after a first consonant read with a short
    a (ชนิดา → ชะนิดา)."""
    inside = [
        i
        for i, ch in enumerate(name[:-1])
        if ch == "ะ"
        and name[i + 1] in CONSONANTS
        and name[i - 1] in CONSONANTS  # not after a tone mark (เจ๊ะ) or in เ-าะ
        and not (i > 1 and name[i - 1] in "รลว" and name[i - 2] in CONSONANTS)  # not in a cluster (ประ)
    ]
    if inside:
        i = rng.choice(inside)
        return name[:i] + name[i + 1 :]
    if (
        len(name) > 3
        and name[0] in CONSONANTS
        and name[0] not in "อห"
        and name[1] in CONSONANTS
        and name[1] not in "รลว"
        and name[2] in "ัาิีึืุู"
    ):
        return name[0] + "ะ" + name[1:]
    return None


def ro_as_heard(name: str, rng: random.Random) -> str | None:
    """ศรี written สี, and ร หัน written as heard (วรรณา → วันนา, วรรณ → วัณ)."""
    options = []
    if "ศรี" in name or "สรี" in name:
        options.append(name.replace("ศรี", "สี", 1).replace("สรี", "สี", 1))
    m = re.search(f"(?<=[{CONSONANTS}])รร([{CONSONANTS}])", name)  # ร หัน follows a first consonant
    if m:
        after = name[m.end() : m.end() + 1]
        if after and after in "ะาิีึืุู":  # the consonant starts the next syllable too: ัน + it (วรรณา)
            options.append(name[: m.start()] + "ัน" + name[m.start() + 2 :])
        elif not after or after in CONSONANTS + LEADING:  # it closes the syllable: ั + it (ธรรมเจริญ)
            options.append(name[: m.start()] + "ั" + name[m.start() + 2 :])
    return rng.choice(options) if options else None


SINGLE_RULES: dict[str, Callable[[str, random.Random], str | None]] = {
    "ศ/ษ/ส": _swap({"ศ": "ส", "ษ": "ส", "ส": "ศ"}),
    "ณ/น": _swap({"ณ": "น", "น": "ณ"}),
    "ธ/ท": _swap({"ธ": "ท", "ท": "ธ"}),
    "ภ/พ": _swap({"ภ": "พ", "พ": "ภ"}),
    "ใ/ไ": _swap({"ใ": "ไ", "ไ": "ใ"}),
    "final": final_as_heard,
    "silent": silent_left_out,
    "ะ": sara_a,
    "ร": ro_as_heard,
}


def two_rules(name: str, rng: random.Random) -> str | None:
    first, second = rng.sample(sorted(SINGLE_RULES), 2)
    once = SINGLE_RULES[first](name, rng)
    twice = SINGLE_RULES[second](once, rng) if once else None
    return twice if twice and twice != name and twice != once else None


ALL_RULES: dict[str, Callable[[str, random.Random], str | None]] = {**SINGLE_RULES, "two rules": two_rules}


def generated_pairs(per_rule: int = 40, seed: int = 10) -> list[Pair]:
    """``per_rule`` respellings per rule from each corpus (first names, family names)."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for source, names in corpus().items():
        for rule, respell in ALL_RULES.items():
            order = list(names)
            rng.shuffle(order)
            found = 0
            for name in order:
                variant = respell(name, rng)
                if variant and variant != name:
                    pairs.append(Pair(name, variant, rule, source))
                    found += 1
                    if found == per_rule:
                        break
    return pairs


def hand_pairs() -> list[Pair]:
    return [Pair(a, b, rule, "hand") for a, b, rule in HAND_PAIRS]


def beyond_rules() -> list[Pair]:
    return [Pair(a, b, rule, "hand") for a, b, rule in BEYOND_RULES]


def near_negatives(count: int = 2000, seed: int = 11) -> Iterator[tuple[str, str]]:
    """Pairs of different real names of one corpus that begin with the same two letters (the hard case for a
    key that keeps the first letters), skipping any pair that one of the rules above would turn into the
    other (those are variants, not different names)."""
    rng = random.Random(seed)
    for names in corpus().values():
        by_start: dict[str, list[str]] = {}
        for name in names:
            by_start.setdefault(name[:2], []).append(name)
        groups = [g for g in by_start.values() if len(g) > 1]
        made = 0
        while made < count // 2:
            group = rng.choice(groups)
            a, b = rng.sample(group, 2)
            if _variants(a) & _variants(b):
                continue
            made += 1
            yield a, b


def _variants(name: str) -> set[str]:
    """The name and its respellings by each swap rule applied everywhere (a coarse test for near pairs)."""
    folded = name
    for a, b in (("ศ", "ส"), ("ษ", "ส"), ("ณ", "น"), ("ธ", "ท"), ("ภ", "พ"), ("ใ", "ไ"), ("ะ", "")):
        folded = folded.replace(a, b)
    folded = re.sub(f"[{CONSONANTS}]{{1,2}}[ิุ]?์", "", folded)
    if folded[-1:] in AS_HEARD:
        folded = folded[:-1] + AS_HEARD[folded[-1]]
    return {name, folded}
