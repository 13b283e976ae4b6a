"""Partners: the organisations of the network, shown on the network page."""

from portal.kinds import ContentKind
from portal.model.partner import Partner

KIND = ContentKind(
    folder="partners",
    model=Partner,
    noun="partner",
    markdown=False,
    schema="partner",
    order=100,
    pages="portal.render.network_pages:partner_pages",
    sections=((100, "network/index.md"),),
    page_folders=("network",),
    vocabularies={"partner-kinds": "partner kind"},
)
