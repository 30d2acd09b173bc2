"""Output for people: numbers the Vietnamese way (32.720; 86,36 %) and tables that fit the terminal."""

from __future__ import annotations

import shutil
from decimal import Decimal

from .figures.numbers import write

RATES = {"ratio", "share", "growth", "attainment"}  # claim kinds whose figures are percentages


def number(value: float | int | None, decimals: int | None = None) -> str:
    """32720 -> '32.720', 86.3636 -> '86,36' (at most two decimals unless `decimals`), None -> ''."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = write(Decimal(str(value)), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def count(n: int, thing: str) -> str:
    """'1 file', '2 files'; `thing` in the singular (English: the summary lines of the CLI)."""
    return f"{number(n)} {thing}" if n == 1 else f"{number(n)} {thing}s"


def seconds(value: float) -> str:
    """A time or a rate to one decimal, the Vietnamese way: 27.14 -> '27,1', 5 -> '5,0'."""
    return write(Decimal(str(round(value, 1))), 1)


def figure(value: float | None, kind: str) -> str:
    """A claim's stated or computed figure with its unit: '86,36 %' for a rate, '32.720' for a total."""
    text = number(value)
    return f"{text} %" if text and kind in RATES else text


def console():
    """A rich Console as wide as the terminal (80 columns when there is none, or $COLUMNS)."""
    from rich.console import Console

    return Console(width=shutil.get_terminal_size().columns)
