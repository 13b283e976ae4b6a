"""Information portal kit: content model, validation and site generation for refugee work networks."""

__version__ = "0.2.0"
