"""Referrals: physician referrals, patients, the shared care plan, the care team, authorization."""
