"""Classification: recognizers for Belgian, Dutch and French identifiers, the NLP engine per language,
the column classifier."""
