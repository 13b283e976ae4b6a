"""The typed content model: one module per content type, shared field types in `common`."""

from portal.model.event import Event
from portal.model.guidance import Guidance
from portal.model.partner import Partner
from portal.model.project import Project
from portal.model.story import Story

__all__ = ["Event", "Guidance", "Partner", "Project", "Story"]
