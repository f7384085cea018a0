"""Offline tools run by hand or by make, never imported by the app: data preparation and the corridor
catalogue builder."""
