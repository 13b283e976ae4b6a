"""Projects of the network, running and completed, with what refers to them."""

from portal.kinds import ContentKind
from portal.model.project import Project

KIND = ContentKind(
    folder="projects",
    model=Project,
    noun="project",
    markdown=True,
    schema="project",
    order=60,
    pages="portal.render.project_pages:project_pages",
    sections=((60, "projects/index.md"),),
    vocabularies={"services": "service"},
)
