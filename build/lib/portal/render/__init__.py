"""Pages per language, rendered from the content with the templates in `templates/` (independent of the site engine)."""
