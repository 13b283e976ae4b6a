"""The typed content model: one module per content type, shared field types in `common`."""

from portal.model.download import Download
from portal.model.event import Event
from portal.model.glossary import GlossaryTerm
from portal.model.guidance import Guidance
from portal.model.news import News
from portal.model.page import Page
from portal.model.partner import Partner
from portal.model.place import Place
from portal.model.project import Project
from portal.model.story import Story

__all__ = ["Download", "Event", "GlossaryTerm", "Guidance", "News", "Page", "Partner", "Place", "Project", "Story"]
