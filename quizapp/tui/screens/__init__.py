"""One screen per activity: home, drill, quiz, exercise, summary, help."""
