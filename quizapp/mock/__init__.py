"""Mock interviews: plan a session, run it against a clock, report weak spots. No textual."""
