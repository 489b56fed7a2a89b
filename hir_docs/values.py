"""Parsing values as Danish people type them: amounts, numbers, percentages, dates."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_NUM = re.compile(r"-?\d[\d.,  ']*")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _to_float(token: str) -> float | None:
    t = token.replace(" ", "").replace("\u00a0", "").replace("'", "").rstrip(".,")
    if not t or t == "-":
        return None
    if "," in t and "." in t:
        # The last separator is the decimal one: "1.300,50" or "1,300.50".
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif "," in t:
        # "220,00" is a decimal comma; "1,300,000" (English thousands) has several.
        t = t.replace(",", "") if t.count(",") > 1 else t.replace(",", ".")
    elif "." in t:
        parts = t.split(".")
        if len(parts) > 2 or len(parts[1]) == 3:
            t = t.replace(".", "")  # Danish thousands: "1.300.000", "220.000"
    try:
        return float(t)
    except ValueError:
        return None


# Beyond what a form could hold (Excel keeps 15 digits): only a damaged or hand-edited
# file has such a number, or NaN/infinity; it is read as empty, never as a number.
MAX_NUMBER = 1e15


def parse_number(value: object) -> float | None:
    """A number from a cell or text: 1269840, "1.269.840", "220,00", "1,3 mio. kr.";
    None for NaN, infinity and anything from ``MAX_NUMBER`` up."""
    number = _parse_number(value)
    return number if number is not None and abs(number) < MAX_NUMBER else None


def _parse_number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if abs(value) < MAX_NUMBER else None
    text = str(value).strip().lower()
    if not text:
        return None
    m = _NUM.search(text)
    if not m:
        return None
    number = _to_float(m.group(0))
    if number is None:
        return None
    rest = text[m.end() :]
    if re.match(r"\s*(mio|mill)", rest):
        number *= 1_000_000
    elif re.match(r"\s*(t\.?\s?kr|tkr|tusind)", rest):
        number *= 1_000
    return number


def parse_amount(value: object) -> int | None:
    """Integer kroner: "1.300.000 kr.", "kr. 1.300.000,-", "1,3 mio. kr.", "1 300 000 kr"."""
    number = parse_number(value)
    return None if number is None else int(round(number))


# Linear on any text (issue 21): a number starts only where no digit precedes it and its
# digits are taken possessively, so a run of digits is scanned once, not once per digit.
_PCT_NUM = r"(?<!\d)(\d++(?:[.,]\d++)?+)"
_PCT_SIGN = r"\s*+(?:%|pct\b\.?|procent)"
_PCT_FROM_TO = re.compile(rf"\bfra\s++{_PCT_NUM}(?:{_PCT_SIGN})?[^\d]{{0,25}}?\btil\s++{_PCT_NUM}")
_PCT_RANGE = re.compile(rf"{_PCT_NUM}(?:{_PCT_SIGN})?\s*+(?:-|til)\s*+{_PCT_NUM}{_PCT_SIGN}")
_PCT_ONE = re.compile(rf"{_PCT_NUM}{_PCT_SIGN}")
_PCT_ANY = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)(?!\.\s)")
_PCT_IS_RANGE = re.compile(r"\d\s*+(?:-|til)\s*+\d")
_YEAR_2000S = re.compile(r"20\d\d")


def _pct(text: str) -> float:
    return float(text.replace(",", "."))


def parse_percent_range(value: object) -> tuple[float, float] | None:
    """ "16-20 %" -> (16, 20); "ca. 18 pct." -> (18, 18); 0.18 (an Excel percent) -> (18, 18).

    Numbers written with a percent sign win over others, so "Passivandel 2019: 18 %" and
    "1. kvartal 2019: 18 %" give 18; "fra 31 % til 18 %" (today -> target) gives 18.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        v = float(value)
        v = v * 100 if 0 < v <= 1 and isinstance(value, float) else v
        return (v, v)
    text = str(value).lower().replace("–", "-").replace("—", "-")
    m = _PCT_FROM_TO.search(text)
    if m and _pct(m[1]) > _pct(m[2]):
        return (_pct(m[2]), _pct(m[2]))  # a decrease from today's share to the target
    m = _PCT_RANGE.search(text) or m
    if m:
        low, high = sorted((_pct(m[1]), _pct(m[2])))
        return (low, high)
    m = _PCT_ONE.search(text)
    if m:
        return (_pct(m[1]), _pct(m[1]))
    # No percent sign: the first number that is not a year or an ordinal ("1. kvartal").
    nums = [n for n in _PCT_ANY.findall(text) if not _YEAR_2000S.fullmatch(n)]
    if not nums:
        return None
    values = [_pct(n) for n in nums[:2]]
    is_range = len(values) == 2 and _PCT_IS_RANGE.search(text)
    if is_range:
        return (min(values), max(values))
    return (values[0], values[0])


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date, an Excel serial number or Danish text.

    Accepts "01-04-2018", "1.11.2018", "2018-04-01", "01.04.18", "1/4/2018",
    "1. april 2018". Returns None for anything that is not a real date.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if 20000 <= value <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    try:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{2}|\d{4})(?:\s.*)?", text)
        if m:
            year = int(m[3])
            year = year + 2000 if year < 100 else year
            return dt.date(year, int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})\.?\s*([a-zæøå]+)\.?\s*(\d{4})", text)
        if m and m[2] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    except ValueError:
        return None
    return None


_ONE_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*(?:\d{2}|\d{4})"
    r"|\d{1,2}\.?\s*[a-zæøå]+\.?\s*\d{4}"
)


def parse_user_date(text: str) -> dt.date | None:
    """A date a person typed as an option or in a form field: the whole text must be one
    date ("30-06-2018 31-12-2018" is not silently read as the first one)."""
    text = text.strip()
    return parse_date(text) if _ONE_DATE.fullmatch(text.lower()) else None


def parse_datetime(text: str) -> dt.datetime | None:
    """ "2017-12-11 23:59", "11-12-2017 14:30", "11.12.2017" (00:00); a person's input, so
    nothing else may follow."""
    text = text.strip()
    m = re.fullmatch(r"(.+?)[ t](?:kl\.?\s*)?(\d{1,2})[:.](\d{2})", text.lower())
    date_part, hh, mm = (m[1], int(m[2]), int(m[3])) if m else (text, 0, 0)
    day = parse_user_date(date_part)
    if day is None or hh > 23 or mm > 59:
        return None
    return dt.datetime(day.year, day.month, day.day, hh, mm)


_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(\.[\w\-]+)*\.[a-zA-Z]{2,}")


def is_email(text: str | None) -> bool:
    """A well-formed e-mail address ("navn@viborg.dk", also with æ/ø/å); None/"" -> False."""
    return bool(text) and _EMAIL.fullmatch(text.strip()) is not None  # type: ignore[union-attr]
