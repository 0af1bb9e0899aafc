"""Matcher mechanisms found by set #5 (used for tuning from round 6): pure rules on the general wording first, then
each on the real record that showed it."""
from __future__ import annotations

from tests.recalls.conftest import verdict
from tracker.recalls import names
from tracker.recalls.matching import CONFIRMED


def test_printed_as_a_verb_is_no_print_qualifier_and_listed_fabrics_and_designs_are_prints():
    tag = '"SLEEPING SET" is printed on a tag sewn on the cover. "100% cotton" and the size are printed on a label.'
    assert names._prints(tag) == set()
    assert not names.qualifier_clash("elephant print", ["Baby Loungers"], tag)
    fabrics = ("The loungers were sold in different printed fabrics and colors, including Animal, Dinosaur2, Deer, "
               "Elephant and White Leaf.")
    assert {"animal", "dinosaur", "deer", "elephant", "white", "leaf"} <= names._prints(fabrics)
    assert not names.qualifier_clash("elephant print", ["Baby Loungers"], fabrics)
    assert names.qualifier_clash("zebra print", ["Baby Loungers"], fabrics)
    designs = 'They were sold with the following designs: "Monkey Moods" a monkey with stars, "Princess" with flowers.'
    assert names.qualifier_clash("Dora the Explorer design", ["Folding Chairs"], designs)
    assert not names.qualifier_clash("Monkey Moods design", ["Folding Chairs"], designs)
    assert verdict("24340", "Mamibaby", "Baby Lounger", words="elephant print co-sleeper").level == CONFIRMED
    assert not verdict("05233", "Idea Nuova", "Children's Folding Chair", words="Dora the Explorer design")
