"""View › Guess First (G): after each edit or lesson step the charts stay covered until the student has picked what
the model will say (one of the 16 categories, or one of its top 10 classes shuffled); then they are revealed with
right or wrong, and the session's score grows. The rules are the core's (`core/guessing.py`); this is the panel and
the covering."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.guessing import Choice, Guess, GuessKind, Question, Score, ask
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec, keys
from desktop_app.ui.inference import Prediction
from desktop_app.ui.live_prediction import LivePrediction
from desktop_app.ui.services import WindowServices
from desktop_app.ui.status_bar import WindowStatusBar

KEY = "G"
COLUMNS = {GuessKind.CATEGORY: 4, GuessKind.CLASS: 2}


class Coverable(Protocol):
    """A chart that can hide what it shows behind a line of text."""

    def set_covered(self, text: str | None) -> None: ...


class GuessPanel(QWidget):
    """The question, the choices as buttons, the last result and the score."""

    picked = Signal(str)  # the key of the choice picked
    kind_changed = Signal(object)  # GuessKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("<b>Guess first:</b> what will the model say?"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("one of the 16 categories"), GuessKind.CATEGORY)
        self.kind.addItem(self.tr("one of its top 10 classes"), GuessKind.CLASS)
        self.kind.setToolTip(self.tr("Guess the model's 16-category decision, or its top class among its top 10"))
        self.kind.currentIndexChanged.connect(lambda _i: self.kind_changed.emit(self.chosen_kind()))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.score = QLabel(self.score_text(Score()))
        self.choices = QWidget()
        self.grid = QGridLayout(self.choices)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(2)
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.heading, self.kind, self.status, self.choices, self.result, self.score):
            layout.addWidget(widget)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName(self.tr("Guess first"))
        self.wait()

    def cover_text(self) -> str:
        """What the covered charts say."""
        return self.tr("Guess first: what will the model say? Pick an answer above.")

    def score_text(self, score: Score) -> str:
        """ "Score: 3 of 5 right" (or that nothing has been asked yet)."""
        if not score.asked:
            return self.tr("Score: no guesses yet")
        return self.tr("Score: {right} of {asked} right").format(right=score.right, asked=score.asked)

    def result_text(self, guess: Guess) -> str:
        """What the reveal says: right or not, and what the model said."""
        answer = guess.question.answer.label
        if guess.right:
            return self.tr("✔ Right: the model says {answer}.").format(answer=answer)
        text = self.tr("✘ Not this time: you said {picked}; the model says {answer}.")
        return text.format(picked=guess.picked.label, answer=answer)

    def chosen_kind(self) -> GuessKind:
        """What the student guesses."""
        return GuessKind(self.kind.currentData())

    def wait(self) -> None:
        """No question yet: the model is working on the new image."""
        self._set_buttons(())
        self.status.setText(self.tr("The model is looking at the new image…"))

    def ask(self, question: Question) -> None:
        """Shows a question's choices as buttons, in its order."""
        self.status.setText(self.tr("Pick what the model will say:"))
        self.result.setText("")
        self._set_buttons(question.choices, COLUMNS[question.kind])

    def show_result(self, guess: Guess, score: Score) -> None:
        """The reveal: right or wrong, the answer, the score; the buttons go."""
        self._set_buttons(())
        self.status.setText("")
        self.result.setText(self.result_text(guess))
        self.score.setText(self.score_text(score))

    def button(self, key: str) -> QPushButton:
        """The button of a choice (tests click it)."""
        return next(b for b in self.buttons if b.property("choice") == key)

    def _set_buttons(self, choices: Sequence[Choice], columns: int = 1) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for position, choice in enumerate(choices):
            button = QPushButton(choice.label)
            button.setProperty("choice", choice.key)
            button.setToolTip(choice.label)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never widens the panel
            button.clicked.connect(lambda _checked=False, key=choice.key: self.picked.emit(key))
            self.grid.addWidget(button, position // columns, position % columns)
            self.buttons.append(button)
        self.choices.setVisible(bool(self.buttons))


class GuessFirst(QObject):
    """Covers the charts from each request of a prediction until the student's guess about it, and keeps the score."""

    revealed = Signal(object)  # emitted with each Guess once its answer is on the charts

    def __init__(
        self,
        services: WindowServices,
        live: LivePrediction,
        covers: Sequence[Coverable],
        status: WindowStatusBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.live = live
        self.covers = list(covers)  # the charts the answer must not show on before the guess
        self.status = status
        self.panel = GuessPanel()
        self.panel.hide()
        self.on = False
        self.score = Score()
        self.question: Question | None = None  # the question on show, about `self.asked_about`
        self.asked_about: Prediction | None = None
        self.last_guess: tuple[Prediction, Guess] | None = None  # the latest answered question and its prediction
        self.covered = False
        live.requested.connect(self._requested)
        live.shown.connect(self._shown)
        self.panel.picked.connect(self.pick)
        self.panel.kind_changed.connect(lambda _kind: self._ask_again())

    def action_specs(self) -> list[ActionSpec]:
        """View › Guess First (G), checkable; not remembered: a class starts it when it wants it."""
        return [
            ActionSpec("guess_first", QT_TRANSLATE_NOOP("Menus", "&Guess First"), self.set_on, "&View", keys(KEY),
                       checkable=True, separator=True,
                       tip=QT_TRANSLATE_NOOP(
                           "Menus",
                           "Hide the charts until you have guessed what the model will say; keeps your score",
                       )),
        ]  # fmt: skip

    def set_on(self, on: bool) -> None:
        """Starts or ends guess-first mode; starting it asks about the prediction on the chart now."""
        if on == self.on:
            return
        self.on = on
        self.panel.setVisible(on)
        if on:
            self._cover()
            self._ask_again()
        else:
            self.question = self.asked_about = None
            self._uncover()

    def pending(self) -> bool:
        """Whether the charts are covered, waiting for a guess or for the model."""
        return self.on and self.covered

    def score_so_far(self) -> tuple[int, int] | None:
        """(right, asked) this session while the mode is on, for a snapshot; None while it is off."""
        return (self.score.right, self.score.asked) if self.on else None

    def guess_for(self, prediction: Prediction | None) -> Guess | None:
        """The guess made about this prediction, if any."""
        if prediction is None or self.last_guess is None or self.last_guess[0] is not prediction:
            return None
        return self.last_guess[1]

    @Slot(str)
    def pick(self, key: str) -> None:
        """The student's answer to the question on show: scored, then the charts are revealed."""
        question, prediction = self.question, self.asked_about
        if question is None or prediction is None:
            return
        guess = Guess(question, question.choice(key))
        self.score = self.score.after(guess)
        self.question = self.asked_about = None
        self.last_guess = (prediction, guess)
        self._uncover()
        self.panel.show_result(guess, self.score)
        self.services.show_status(self.panel.result_text(guess), 5000)
        self.revealed.emit(guess)

    @Slot()
    def _requested(self) -> None:
        """A new image goes to the model: cover the charts before any answer can reach them."""
        if self.on:
            self.question = self.asked_about = None
            self._cover()
            self.panel.wait()

    @Slot(object)
    def _shown(self, prediction: Prediction) -> None:
        """The newest answer reached the (covered) chart: ask about it."""
        if self.on and self.covered and prediction.request_id == self.services.bridge.latest_prediction_id:
            self._ask(prediction)

    def _ask_again(self) -> None:
        prediction = self.live.prediction
        if self.on and self.covered and prediction is not None and not self.services.bridge.predictions.busy:
            self._ask(prediction)

    def _ask(self, prediction: Prediction) -> None:
        labels = prediction.model.labels
        self.question = ask(self.panel.chosen_kind(), prediction.probabilities, labels, prediction.request_id)
        self.asked_about = prediction
        self.panel.ask(self.question)

    def _cover(self) -> None:
        self.covered = True
        for chart in self.covers:
            chart.set_covered(self.panel.cover_text())
        self.status.set_stimulus_covered(True)

    def _uncover(self) -> None:
        self.covered = False
        for chart in self.covers:
            chart.set_covered(None)
        self.status.set_stimulus_covered(False)
        self.panel.choices.setVisible(False)
