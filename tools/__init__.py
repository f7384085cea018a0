"""Offline tools run by hand or by make, never imported by the app: data preparation, the corridor catalogue
builder, and the page-state snapshot used to show that a change leaves what every page shows unchanged."""
