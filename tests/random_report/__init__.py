"""Random reports: a small model of a report (model.py), its three renderings (text.py, and the
ruled PDF and Hangul file of rendered.py) and the findings an independent checker computes on the
model (checker.py). None of it imports the extractors: what the pipeline reads from a rendering is
compared with the model that made it."""
