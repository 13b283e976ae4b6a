"""A repeat rule (RRULE) in words, in the reader's language: "every Thursday, until 31 December 2022".

Common rules (daily, weekly on given days, monthly on a day or an n-th weekday, yearly, with
an interval, an end date or a count) are put into words; anything rarer says "regularly"
and the page lists the next dates, which are always exact.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import get_day_names
from markupsafe import Markup

from portal.render import dates
from portal.render.ui import Interface

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def _until(value: str) -> date:
    return datetime.strptime(value[:8], "%Y%m%d").date()


def rule_in_words(rule: str, t: Interface, listing, hours: str | None = None) -> Markup:
    """The rule with the time of day if given: "every Thursday, 13:00–17:00, until 31 December 2022"."""
    parts, lang = _parts(rule), t.lang
    day_names = get_day_names("wide", locale=dates.locale(lang))
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts.get("FREQ")
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    plain_days = [d for d in days if d in _WEEKDAYS]
    if freq == "WEEKLY" and plain_days and len(plain_days) == len(days):
        names = listing([day_names[_WEEKDAYS.index(d)] for d in plain_days])
        text = t("every_weekday", days=names) if interval == 1 else t("every_n_weeks_on", n=interval, days=names)
    elif freq == "MONTHLY" and len(days) == 1 and days[0] not in _WEEKDAYS and days[0][-2:] in _WEEKDAYS:
        position, weekday = days[0][:-2], day_names[_WEEKDAYS.index(days[0][-2:])]
        if position not in ("1", "+1", "2", "+2", "3", "+3", "4", "+4", "-1"):
            return t("regularly")
        ordinal = t("ordinal_last") if position == "-1" else t(f"ordinal_{position.lstrip('+')}")
        text = t("monthly_nth_weekday", ordinal=ordinal, day=weekday)
        if interval != 1:
            text = Markup("{} ({})").format(text, t("every_n_months", n=interval))
    elif freq == "MONTHLY" and not days and "BYMONTHDAY" in parts and "," not in parts["BYMONTHDAY"]:
        text = t("monthly_on_day", day=parts["BYMONTHDAY"])
    elif (
        freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
        and not days
        and set(parts) <= {"FREQ", "INTERVAL", "UNTIL", "COUNT", "WKST"}
    ):
        unit = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}[freq]
        text = t(f"every_{unit[:-1]}") if interval == 1 else t(f"every_n_{unit}", n=interval)
    else:
        return t("regularly")
    if hours:
        text = t("rule_with_time", rule=text, time=hours)
    if "UNTIL" in parts:
        text = t("rule_until", rule=text, date=dates.medium_date(_until(parts["UNTIL"]), lang))
    elif "COUNT" in parts:
        text = t("rule_count", rule=text, n=parts["COUNT"])
    return text
