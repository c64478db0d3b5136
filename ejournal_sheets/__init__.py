"""ejournal-sheets: the class teacher's assistant for the electronic school journal."""

__version__ = "0.1.0"
