"""Scheduling: providers, availability, appointments, visit series and spot work."""
