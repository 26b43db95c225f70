"""What every screen of the app may ask for: the app, the study data, the language."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
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

    # `l` (or the palette) switches the language of the screen shown, in place.
    RECOMPOSE_ON_LANGUAGE = False  # a screen that holds no state of its own is simply built again

    def on_mount(self) -> None:
        self.watch(self.quiz_app, "language", self._switch_language, init=False)  # type: ignore[attr-defined]

    async def _switch_language(self, lang: str) -> None:
        if not self.is_attached:  # type: ignore[attr-defined]
            return
        if self.RECOMPOSE_ON_LANGUAGE:
            await self.recompose()  # type: ignore[attr-defined]
        await self.language_switched(lang)

    async def language_switched(self, lang: str) -> None:
        """Redraw this screen's words in `lang`, keeping what the user was doing."""


class AppScreen(_Access, Screen[None]):
    pass


# A modal screen does not see the app's keys: every modal repeats `l`.
LANGUAGE_KEY = Binding("l", "app.toggle_language", "Language", id="modal.language", show=False)


class AppModal(_Access, ModalScreen[None]):
    BINDINGS = [LANGUAGE_KEY]
