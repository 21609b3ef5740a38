"""Small helpers shared by the patch modules."""

from __future__ import annotations

import functools
from typing import Any, Callable


def wrap(owner: Any, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Replace `owner.name` with a wrapper that receives the original as first argument.

    Idempotent: wrapping the same attribute twice with the same wrapper is a no-op.
    """

    def decorator(wrapper: Callable[..., Any]) -> Callable[..., Any]:
        original = getattr(owner, name)
        if getattr(original, "__phi_moto_wrapper__", None) is wrapper:
            return original

        @functools.wraps(original)
        def patched(*args: Any, **kwargs: Any) -> Any:
            return wrapper(original, *args, **kwargs)

        patched.__phi_moto_wrapper__ = wrapper  # type: ignore[attr-defined]
        setattr(owner, name, patched)
        return patched

    return decorator
