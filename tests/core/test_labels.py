"""The bundled ImageNet-1k labels."""

from desktop_app.core.labels import coarse_category, imagenet_labels


def test_thousand_unique_names_with_wordnet_ids():
    labels = imagenet_labels()
    assert len(labels) == 1000 and len(set(labels.names)) == 1000
    assert labels.name(0) == "tench" and labels.wnids[0] == "n01440764"
    assert (
        labels.name(282) == "tiger cat" and labels.name(223) == "schipperke" and labels.name(386) == "African elephant"
    )
    assert labels.index_of("Tiger Cat") == 282 and labels.index_of("n02123159") == 282
    assert labels.name(1234) == "class 1234"


def test_coarse_categories():
    assert coarse_category(281) == coarse_category(285) == "cat"
    assert coarse_category(223) == "dog" and coarse_category(386) == "elephant" and coarse_category(999) is None
