from quizapp.entry import run

run()
