"""Hostile webhook bodies for bench/fuzz.py: a real fixture (sidecar/tests/fixtures/whatsapp) with one
mutation each. Body `index` of seed `seed` is built from Random(f"{seed}:{index}") alone, so any one
body can be rebuilt without the others. Every id, sender and recipient of a body is prefixed with its
marker `fz<index>x` (and the request carries it as X-Request-ID), so rows it produced can be found."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.procs import REPO

FIXTURES = REPO / "sidecar/tests/fixtures/whatsapp"
# wahook's body cap (Config.max_body_bytes): big strings land just under and just over it.
BODY_CAP = 3 * 1024 * 1024
TAGGED_KEYS = {"id", "from", "recipient_id", "wa_id", "from_user_id", "recipient_user_id"}
OTHER_VALUES: list[Any] = [0, -1, "x", "", [], {}, None, True, False, 1.5, [1, "a"], {"k": "v"}]
HUGE_NUMBERS: list[Any] = [2**63, 2**64 + 1, -(2**63) - 1, 10**30, -(10**30), 1.7976931348623157e308, -1, 0]
INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xf8\x88\x80\x80\x80"]
DEPTH = 5000


@dataclass(frozen=True)
class Raw:
    """JSON text put into the body verbatim (numbers and escapes json.dumps would not write)."""

    text: str


@dataclass(frozen=True)
class DupKey:
    """A second occurrence of `key` in its object: the raw text then holds the key twice."""

    key: str


@dataclass(frozen=True)
class Body:
    index: int
    kind: str
    fixture: str
    data: bytes

    @property
    def marker(self) -> str:
        return marker(self.index)


def marker(index: int) -> str:
    return f"fz{index}x"


def fixture_paths() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.json") if "api_responses" not in p.parts)


def dump(node: Any) -> str:
    """JSON text of a tree that may hold Raw values and DupKey keys; ASCII only (escapes)."""
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, dict):
        pairs = (f"{json.dumps(k.key if isinstance(k, DupKey) else k)}:{dump(v)}" for k, v in node.items())
        return "{" + ",".join(pairs) + "}"
    if isinstance(node, list):
        return "[" + ",".join(dump(v) for v in node) + "]"
    return json.dumps(node)


def tag(node: Any, mark: str) -> Any:
    if isinstance(node, dict):
        return {
            k: mark + v if k in TAGGED_KEYS and isinstance(v, str) else tag(v, mark) for k, v in node.items()
        }
    if isinstance(node, list):
        return [tag(v, mark) for v in node]
    return node


def slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or position) in the tree, outermost first."""
    found: list[tuple[Any, Any]] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(children):
        found.append((node, key))
        found.extend(slots(value))
    return found


def pick(
    tree: Any, rng: random.Random, want: Callable[[Any, Any], bool] = lambda _c, _k: True
) -> tuple[Any, Any]:
    """A random slot satisfying `want`, else the tree itself (wrapped as a one-key object's slot)."""
    chosen = [s for s in slots(tree) if want(*s)]
    return rng.choice(chosen) if chosen else ({"": tree}, "")


def set_slot(
    tree: Any, rng: random.Random, value: Any, want: Callable[[Any, Any], bool] = lambda _c, _k: True
) -> None:
    container, key = pick(tree, rng, want)
    container[key] = value


def is_string(container: Any, key: Any) -> bool:
    return isinstance(container[key], str)


def is_object_key(container: Any, _key: Any) -> bool:
    return isinstance(container, dict)


def type_swap(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng)
    container[key] = rng.choice([v for v in OTHER_VALUES if type(v) is not type(container[key])])
    return tree


def drop_field(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng, is_object_key)
    container.pop(key, None)
    return tree


def duplicate_field(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng, is_object_key)
    other = rng.choice([*OTHER_VALUES, container.get(key)])
    items = list(container.items())
    container.clear()
    for k, v in items:
        if k == key and rng.random() < 0.5:
            container[DupKey(k)] = other
            container[k] = v
        else:
            container[k] = v
            if k == key:
                container[DupKey(k)] = other
    return tree


def duplicate_item(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng, lambda c, _k: isinstance(c, list))
    if isinstance(container, list):
        container.insert(key, copy.deepcopy(container[key]))
    return tree


def huge_number(tree: Any, rng: random.Random) -> Any:
    set_slot(tree, rng, rng.choice(HUGE_NUMBERS))
    return tree


def exponent(tree: Any, rng: random.Random) -> Any:
    set_slot(tree, rng, Raw(rng.choice(["1e1000000", "-1e1000000", "1e-1000000", "1E+999999999"])))
    return tree


def long_integer(tree: Any, rng: random.Random) -> Any:
    set_slot(tree, rng, Raw(rng.choice(["", "-"]) + "9" * 5000))
    return tree


def deep_nesting(tree: Any, rng: random.Random) -> Any:
    deep = "[" * DEPTH + "]" * DEPTH if rng.random() < 0.5 else '{"a":' * DEPTH + "1" + "}" * DEPTH
    set_slot(tree, rng, Raw(deep))
    return tree


def nul_char(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng, is_string)
    text = str(container[key]) if isinstance(container[key], str) else ""
    cut = rng.randint(0, len(text))
    container[key] = text[:cut] + "\x00" + text[cut:]  # json.dumps writes it as \u0000
    return tree


def lone_surrogate(tree: Any, rng: random.Random) -> Any:
    container, key = pick(tree, rng, is_string)
    text = str(container[key]) if isinstance(container[key], str) else ""
    escape = rng.choice(["\\ud800", "\\udfff", "\\ud83d"])
    container[key] = Raw(json.dumps(text)[:-1] + escape + '"')
    return tree


def big_string(over: bool) -> Callable[[Any, random.Random], Any]:
    def mutate(tree: Any, rng: random.Random) -> Any:
        container, key = pick(tree, rng, is_string)
        container[key] = ""
        room = BODY_CAP - len(dump(tree)) + (rng.randint(1, 2000) if over else -rng.randint(0, 2000))
        container[key] = "A" * max(room, 0)
        return tree

    return mutate


def many_statuses(tree: Any, rng: random.Random) -> Any:
    pnid = "fuzz" + str(rng.randint(1, 10**6))
    statuses = [
        {
            "id": f"wamid.{i}",
            "status": rng.choice(["sent", "delivered", "read"]),
            "timestamp": "1700000000",
            "recipient_id": "1555",
        }
        for i in range(20000)
    ]
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": pnid}, "statuses": statuses}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def unknown_field(tree: Any, rng: random.Random) -> Any:
    container, _ = pick(tree, rng, is_object_key)
    container[f"fuzz_unknown_{rng.randint(0, 999)}"] = rng.choice([*OTHER_VALUES, {"deep": [{"x": [1, {}]}]}])
    return tree


def unknown_type(tree: Any, rng: random.Random) -> Any:
    renamed = ("type", "status", "field", "object", "messaging_product")
    set_slot(tree, rng, rng.choice(["fuzz_type", "", "MESSAGES", "messages "]), lambda c, k: k in renamed)
    return tree


def entry_scalar(tree: Any, rng: random.Random) -> Any:
    body = tree if isinstance(tree, dict) else {"object": "whatsapp_business_account"}
    body["entry"] = rng.choice([5, -1, "x", True, None, {}, [5], [None], 1.5])
    return body


def changes_scalar(tree: Any, rng: random.Random) -> Any:
    value: Any = rng.choice([True, 5, "x", None, {}, [True], [5], [[]]])
    entries = tree.get("entry") if isinstance(tree, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            entry["changes"] = value
    return tree


MUTATIONS: dict[str, Callable[[Any, random.Random], Any]] = {
    "fixture as is": lambda tree, _rng: tree,
    "type swapped": type_swap,
    "field dropped": drop_field,
    "key duplicated in the text": duplicate_field,
    "array item duplicated": duplicate_item,
    "huge or negative number": huge_number,
    "1e1000000": exponent,
    "5,000-digit integer": long_integer,
    "nested 5,000 deep": deep_nesting,
    "\\u0000 in a string": nul_char,
    "lone surrogate escape": lone_surrogate,
    "unknown field": unknown_field,
    "unknown type or field name": unknown_type,
    '"entry" not an array of objects': entry_scalar,
    '"changes" not an array of objects': changes_scalar,
    "non-UTF-8 bytes": lambda tree, _rng: tree,  # applied to the bytes, below
    "3 MiB string, under the cap": big_string(over=False),
    "3 MiB string, over the cap": big_string(over=True),
    "20,000 statuses": many_statuses,
}
# The big ones cost megabytes each: drawn a tenth as often as the others (each still comes first once).
HEAVY = {"3 MiB string, under the cap", "3 MiB string, over the cap", "20,000 statuses"}
KINDS = list(MUTATIONS)
WEIGHTS = [0.1 if kind in HEAVY else 1.0 for kind in KINDS]


def build(seed: int, index: int, fixtures: list[Path]) -> Body:
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 (reproducible test data, not secrets)
    kind = KINDS[index] if index < len(KINDS) else rng.choices(KINDS, WEIGHTS)[0]
    path = rng.choice(fixtures)
    mark = marker(index)
    tree = MUTATIONS[kind](tag(json.loads(path.read_text(encoding="utf-8")), mark), rng)
    if kind == "20,000 statuses":  # built afresh: its ids are tagged here
        tree = tag(tree, mark)
    data = dump(tree).encode("ascii")
    if kind == "non-UTF-8 bytes":
        at = data.find(mark.encode())
        at = at + len(mark) if at >= 0 else data.find(b'"') + 1
        data = data[:at] + rng.choice(INVALID_UTF8) + data[at:]
    return Body(index, kind, str(path.relative_to(FIXTURES)), data)
