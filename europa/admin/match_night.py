"""The match-night screen: every leg of the day in one list, scores entered in place."""
