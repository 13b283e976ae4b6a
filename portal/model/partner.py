"""A partner organisation of the network: member, strategic partner, funder, employer …"""

from __future__ import annotations

from portal.model.common import LocalizedText, Url, vocabulary
from portal.model.document import Translatable


class Partner(Translatable):
    name: LocalizedText
    short_name: str | None = None
    kind: vocabulary("partner-kinds")  # type: ignore[valid-type]
    url: Url | None = None
    role: LocalizedText | None = None
    address: str | None = None
