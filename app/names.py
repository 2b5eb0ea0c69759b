"""Person names compared the way analysts compare them: across scripts, case, accents,
word order, particles (al-, el-, Abu/Abou) and common transliteration variants
(Mohammed/Mohamed/Muhammad, Youssef/Yusuf, Salem/Salim).

``name_tokens`` gives the canonical tokens, ``name_key`` an order-independent key, and
``name_similarity`` a score in [0, 1] with rapidfuzz.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from anyascii import anyascii
from rapidfuzz import fuzz

#: Particles that do not distinguish people ("al-Zawi" is "Zawi").
PARTICLES = {"al", "el", "ag", "ould", "bin", "ben", "ibn", "mr", "mrs", "dr", "hajj", "haji", "sr", "jr"}
#: Words that name a role or a relation, not a person ("Taxi Ali", "Cousin").
NOT_NAMES = {
    "taxi",
    "cousin",
    "brother",
    "mama",
    "garage",
    "shop",
    "client",
    "passenger",
    "captain",
    "doctor",
}


@functools.cache
def _variants() -> dict[str, str]:
    text = resources.files("ariadne_resources").joinpath("name_variants.json").read_text("utf-8")
    out = {}
    for group in json.loads(text)["groups"]:
        for word in group:
            out[word.replace(" ", "")] = group[0]
    return out


def name_tokens(name: str) -> list[str]:
    """Canonical tokens, in the order written; ``Abu X`` stays one token ``abu_x``.

    >>> name_tokens("SALIM AL-HADDAD"), name_tokens("Abou Mohamed"), name_tokens("سالم حداد")
    (['salem', 'haddad'], ['abu_mohammed'], ['slm', 'hdd'])
    """
    text = anyascii(str(name or "")).casefold()
    text = re.sub(r"[^a-z0-9\s'-]", " ", text)
    text = re.sub(r"\b(al|el)[-' ]", " ", text).replace("'", "").replace("-", " ")
    variants = _variants()
    raw = [w for w in text.split() if w]
    joined: list[str] = []
    for w in raw:  # "Abdul Rahman" is one name, as "Abdulrahman"
        if joined and joined[-1] in ("abdul", "abdel", "abd", "abdoul", "abdal"):
            joined[-1] = "abdul" + w
        else:
            joined.append(w)
    words = [variants.get(w, w) for w in joined]
    tokens, i = [], 0
    while i < len(words):
        w = words[i]
        if w in ("abu", "abou", "abo") and i + 1 < len(words):
            tokens.append(f"abu_{words[i + 1]}")
            i += 2
            continue
        if w not in PARTICLES and not w.isdigit() and len(w) > 1:
            tokens.append(w)
        i += 1
    return tokens


def name_key(name: str) -> str:
    """Order-independent key: the same key means the same tokens.

    >>> name_key("HADDAD SALIM") == name_key("Salem Haddad")
    True
    """
    return " ".join(sorted(set(name_tokens(name))))


def is_personal_name(name: str) -> bool:
    """False for saved entries that describe, not name ("Taxi Ali", "Voicemail", "1503")."""
    tokens = name_tokens(name)
    return bool(tokens) and not any(t in NOT_NAMES for t in tokens)


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1] after canonicalisation (token order ignored).

    >>> same = name_similarity("Salem Haddad", "SALIM HADDAD")
    >>> round(same, 2), name_similarity("Salem Haddad", "Omar Zawi") < 0.5
    (1.0, True)
    """
    ta, tb = " ".join(sorted(name_tokens(a))), " ".join(sorted(name_tokens(b)))
    if not ta or not tb:
        return 0.0
    return fuzz.token_sort_ratio(ta, tb) / 100.0


def skeleton(token: str) -> str:
    """A token's consonant skeleton, for transliteration variants the variants table lacks
    (``gharyani``/``ghariani``, ``mansur``/``mansour``): the first letter, then the consonants
    without vowels, ``y``, ``w`` or repeats.  Tokens of fewer than three consonants give "":
    too short to tell names apart.

    >>> skeleton("gharyani"), skeleton("ghariani"), skeleton("mansur"), skeleton("ali")
    ('ghrn', 'ghrn', 'mnsr', '')
    """
    if token.startswith("abu_"):
        return ""
    head, rest = token[:1], token[1:]
    letters = [c for c in rest if c not in "aeiouyw"]
    out = head
    for c in letters:
        if c != out[-1]:
            out += c
    return out if len(out) >= 4 else ""


#: Epithets that name a role or a standing, not a person ("the Engineer", "le Vieux",
#: "Al-Khal", the uncle): recognised, shown as aliases, never a reason to merge on their own.
EPITHET_WORDS = {
    "engineer",
    "doctor",
    "docteur",
    "vieux",
    "old",
    "khal",
    "hajj",
    "haj",
    "sheikh",
    "cheikh",
    "kabir",
    "boss",
    "chef",
    "patron",
    "uncle",
    "tonton",
    "muhandis",
    "doktor",
    "big",
    "grand",
}
_ARTICLES = {"the", "le", "la", "el", "al", "l"}
#: the same epithets written in Arabic script, as anyascii reads them
_ARABIC_EPITHETS = {"khl", "lkhl", "hjj", "lhjj", "lhj", "shykh", "lshykh", "mhnds", "lmhnds", "ljwz"}


def is_epithet(name: str) -> bool:
    """A kunya ("Abu Omar") or an epithet ("Al-Khal", "the Engineer", "le Vieux", "الخال"):
    how smugglers are known, which many people share.

    >>> [is_epithet(n) for n in ("Abu Omar", "Al-Khal", "le Vieux", "الخال", "Omar Zawi")]
    [True, True, True, True, False]
    """
    text = anyascii(str(name or "")).casefold()
    words = [w for w in re.split(r"[\s'\-]+", text) if w]
    if not words:
        return False
    if words[0] in ("abu", "abou", "abo") and len(words) == 2:
        return True
    if words[0].startswith("al") and len(words) == 1:  # "الخال" reads "lkhl" / "alkhal"
        words = [words[0][2:]]
    rest = [w for w in words if w not in _ARTICLES]
    if len(rest) == 1 and (rest[0] in EPITHET_WORDS or rest[0] in _ARABIC_EPITHETS):
        return True
    return len(words) >= 2 and words[0] in _ARTICLES and len(rest) == 1 and rest[0] in EPITHET_WORDS


def distinct_labels(actors, *, features=("phone", "place", "community")) -> dict:
    """Labels that tell apart actors who share a name: each actor whose label another actor
    also bears gets, in brackets, the first thing that is its own within that group — the
    end of a phone number ("…4521"), the place, the community — or else its id.

    ``actors`` are mappings with ``id`` and ``label`` and optionally ``phones`` (a list),
    ``place`` and ``community``.  Returns ``{id: label}`` for every actor.

    >>> distinct_labels([
    ...     {"id": 1, "label": "Abu Youssef", "phones": ["+218912224521"]},
    ...     {"id": 2, "label": "ABU YOUSSEF", "phones": ["+218913337788"]},
    ...     {"id": 3, "label": "Modou", "place": "Nouadhibou"},
    ... ])
    {1: 'Abu Youssef (…4521)', 2: 'ABU YOUSSEF (…7788)', 3: 'Modou'}
    >>> distinct_labels([{"id": 7, "label": "Modou", "community": 2},
    ...                  {"id": 8, "label": "Modou", "community": 5}])
    {7: 'Modou (community 2)', 8: 'Modou (community 5)'}
    """
    actors = list(actors)
    groups: dict[str, list] = {}
    for a in actors:
        groups.setdefault(" ".join(str(a.get("label", "")).casefold().split()), []).append(a)
    out = {a["id"]: str(a.get("label", "")) for a in actors}
    for members in groups.values():
        if len(members) < 2:
            continue
        values = {f: [_feature(a, f, members) for a in members] for f in features}
        for k, a in enumerate(members):
            tag = next(
                (
                    values[f][k]
                    for f in features
                    if values[f][k] and sum(v == values[f][k] for v in values[f]) == 1
                ),
                f"#{a['id']}",
            )
            out[a["id"]] = f"{out[a['id']]} ({tag})"
    return out


def _feature(actor, feature: str, group: list) -> str:
    if feature == "phone":
        phones = [p for p in actor.get("phones") or () if p]
        if not phones:
            return ""
        others = {q for b in group if b is not actor for q in (b.get("phones") or ())}
        digits = re.sub(r"\D", "", phones[0])
        for width in range(4, len(digits) + 1):  # the shortest ending no other member's has
            end = digits[-width:]
            if not any(re.sub(r"\D", "", q).endswith(end) for q in others):
                return "…" + end
        return "…" + digits[-4:]
    if feature == "community":
        c = actor.get("community")
        return "" if c is None or c == -1 else f"community {c}"
    return str(actor.get(feature) or "")
