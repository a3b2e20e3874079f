"""Notifications: subscriptions, signed webhooks, email, in-app inbox, reminders, delivery log."""
