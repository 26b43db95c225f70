"""What every screen of the app may ask for: the app, the study data, the language."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp
    from quizapp.tui.services import Study


class _Access:
    @property
    def quiz_app(self) -> QuizApp:
        return cast("QuizApp", self.app)  # type: ignore[attr-defined]

    @property
    def study(self) -> Study:
        study = self.quiz_app.study
        assert study is not None, "screens other than home open only after loading"
        return study

    @property
    def lang(self) -> str:
        return self.quiz_app.language


class AppScreen(_Access, Screen[None]):
    pass


class AppModal(_Access, ModalScreen[None]):
    pass
