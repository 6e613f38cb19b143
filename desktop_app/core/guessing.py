"""Guess first: before the chart shows what the model says, the student picks an answer; then it is scored.

A question is asked about one prediction. Its choices are the paper's 16 entry-level categories (right when the
pick is the model's 16-category decision, `core.categories.decide`) or the prediction's top-10 classes in an order
shuffled with a seed (right when the pick is the top-1 class). The score counts the questions answered and how many
of them were right, for the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from desktop_app.core.categories import IMAGENET_CLASSES, categories, decide
from desktop_app.core.labels import Labels

CLASS_CHOICES = 10  # a class question offers the prediction's top 10


class GuessKind(StrEnum):
    """What the student guesses: one of the 16 categories, or one of the top-10 classes."""

    CATEGORY = "category"
    CLASS = "class"


@dataclass(frozen=True)
class Choice:
    """One answer to pick: `key` is the category's name or the class index as text; `label` is shown."""

    key: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question about one prediction: the choices in the order shown, and the model's answer among them."""

    kind: GuessKind
    choices: tuple[Choice, ...]
    answer: Choice

    def is_right(self, key: str) -> bool:
        """Whether picking the choice with this key is what the model says."""
        return key == self.answer.key

    def choice(self, key: str) -> Choice:
        """The choice with this key; KeyError if the question has none."""
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise KeyError(key)


@dataclass(frozen=True)
class Guess:
    """A question answered: what was picked and whether it was right."""

    question: Question
    picked: Choice

    @property
    def right(self) -> bool:
        """Whether the pick is what the model says."""
        return self.question.is_right(self.picked.key)


@dataclass(frozen=True)
class Score:
    """Questions answered in a session and how many of them were right."""

    right: int = 0
    asked: int = 0

    def after(self, guess: Guess) -> Score:
        """The score with one more answer counted."""
        return Score(self.right + int(guess.right), self.asked + 1)

    @property
    def fraction(self) -> float | None:
        """right / asked, or None before the first answer."""
        return self.right / self.asked if self.asked else None


def categories_apply(probabilities: np.ndarray) -> bool:
    """Whether the 16 categories can be asked about: the model has the 1000 ImageNet classes."""
    return np.asarray(probabilities).shape[-1] == IMAGENET_CLASSES


def category_question(probabilities: np.ndarray) -> Question:
    """The 16 categories in the paper's order; the answer is the paper's decision on these probabilities."""
    choices = tuple(Choice(name, name) for name in categories())
    decision = decide(probabilities)
    return Question(GuessKind.CATEGORY, choices, next(c for c in choices if c.key == decision))


def class_question(probabilities: np.ndarray, labels: Labels, seed: int, k: int = CLASS_CHOICES) -> Question:
    """The top-k classes in an order shuffled by `seed` (the same seed, the same order); the answer is the top-1."""
    k = max(1, min(k, probabilities.shape[-1]))
    top = [int(i) for i in np.argsort(-probabilities, kind="stable")[:k]]
    order = np.random.default_rng(seed).permutation(len(top))
    choices = tuple(Choice(str(top[i]), labels.name(top[i])) for i in order)
    answer = str(top[0])
    return Question(GuessKind.CLASS, choices, next(c for c in choices if c.key == answer))


def ask(kind: GuessKind, probabilities: np.ndarray, labels: Labels, seed: int) -> Question:
    """A question of this kind about a prediction; a category question on a model without the 1000 ImageNet
    classes becomes a class question (the categories are ImageNet's)."""
    if kind is GuessKind.CATEGORY and categories_apply(probabilities):
        return category_question(probabilities)
    return class_question(probabilities, labels, seed)
