"""Guess first's questions and score on the real model's predictions: the right answer, the choices, the count."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.categories import categories
from desktop_app.core.guessing import (
    CLASS_CHOICES,
    Choice,
    Guess,
    GuessKind,
    Question,
    Score,
    ask,
    categories_apply,
    category_question,
    class_question,
)
from tests.core.test_categories import brute_force_decision


@pytest.fixture(scope="module")
def cat_probabilities(model, cat_image) -> np.ndarray:
    """The bundled model's probabilities for the cat photo."""
    [probabilities] = model.predict([cat_image])
    return probabilities


def test_a_category_question_offers_the_16_categories_and_its_answer_is_the_papers_decision(cat_probabilities):
    question = category_question(cat_probabilities)
    assert question.kind is GuessKind.CATEGORY
    assert [choice.key for choice in question.choices] == list(categories())
    assert question.answer.key == brute_force_decision(cat_probabilities) == "cat"
    assert question.is_right("cat") and not question.is_right("dog")


def test_a_class_question_offers_the_top_10_shuffled_and_its_answer_is_the_top_class(model, cat_probabilities):
    question = class_question(cat_probabilities, model.labels, seed=7)
    top = [int(i) for i in np.argsort(-cat_probabilities)[:CLASS_CHOICES]]
    keys = [choice.key for choice in question.choices]
    assert question.kind is GuessKind.CLASS and len(keys) == 10
    assert sorted(keys) == sorted(str(i) for i in top)
    assert question.answer == Choice(str(top[0]), model.labels.name(top[0]))
    assert [choice.label for choice in question.choices] == [model.labels.name(int(key)) for key in keys]


def test_the_same_seed_gives_the_same_order_and_other_seeds_shuffle(model, cat_probabilities):
    orders = {seed: class_question(cat_probabilities, model.labels, seed).choices for seed in range(6)}
    assert class_question(cat_probabilities, model.labels, 3).choices == orders[3]
    assert len(set(orders.values())) > 1
    top = tuple(str(i) for i in np.argsort(-cat_probabilities)[:CLASS_CHOICES])
    assert any(tuple(choice.key for choice in order) != top for order in orders.values())  # not ranked order


def test_asking_for_categories_on_a_model_without_the_1000_classes_asks_for_classes(model, cat_probabilities):
    assert categories_apply(cat_probabilities) and not categories_apply(cat_probabilities[:100])
    assert ask(GuessKind.CATEGORY, cat_probabilities, model.labels, 1).kind is GuessKind.CATEGORY
    fewer = cat_probabilities[:100] / cat_probabilities[:100].sum()
    question = ask(GuessKind.CATEGORY, fewer, model.labels, 1)
    assert question.kind is GuessKind.CLASS and question.answer.key == str(int(np.argmax(fewer)))
    assert ask(GuessKind.CLASS, cat_probabilities, model.labels, 1).kind is GuessKind.CLASS


def test_a_model_with_fewer_than_10_classes_offers_all_of_them(model):
    probabilities = np.array([0.1, 0.6, 0.3])
    question = class_question(probabilities, model.labels, seed=0)
    assert sorted(choice.key for choice in question.choices) == ["0", "1", "2"] and question.answer.key == "1"


def test_the_score_counts_answers_and_right_ones(cat_probabilities):
    question = category_question(cat_probabilities)
    right, wrong = Guess(question, question.choice("cat")), Guess(question, question.choice("car"))
    assert right.right and not wrong.right
    score = Score()
    assert (score.right, score.asked, score.fraction) == (0, 0, None)
    for guess in (right, wrong, right, wrong, wrong):
        score = score.after(guess)
    assert (score.right, score.asked) == (2, 5) and score.fraction == pytest.approx(0.4)


def test_a_key_that_is_not_a_choice_is_refused():
    question = Question(GuessKind.CATEGORY, (Choice("cat", "cat"),), Choice("cat", "cat"))
    with pytest.raises(KeyError):
        question.choice("dog")
