"""`quizapp serve`: the app in a browser through textual-serve (the optional `quizapp[web]` extra)."""
