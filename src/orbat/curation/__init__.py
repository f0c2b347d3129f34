"""Analyst curation: decisions recorded on top of the machine's facts, and the store as they correct it.

    from orbat import curation
    d = curation.merge(store, "Soleimani (Basij)", "Gholamreza Soleimani", who="sara")
    v = curation.view(store)            # read the decisions once; then answer without SQL
    v.entity(stored_id); v.status(assertion_id); v.ends(assertion_id, s, o) ...
    curation.undo(store)                # the last decision not yet undone

Every correction is one row of the store's ``decisions`` table (kind, target,
payload, who, at), written by ``Store.add_decision``; nothing here changes a
machine fact, so re-extraction (``orbat reprocess``, later ingests) cannot
erase a correction. The kinds:

========  =================  ====================================================
kind      target             payload
========  =================  ====================================================
merge     entity A           ``into``: entity B (A now is B)
split     entity E           ``id`` (the new entity), ``forms``, ``keys``, ``name``, ``type``
rename    entity             ``name``
retype    entity             ``type`` (an ontology entity type)
reject    assertion id       ``reason``
confirm   assertion id
note      entity, assertion  ``text``, ``on`` (entity | assertion | article)
          or article id
undo      decision id        (the decision it reverses; undoing an undo redoes)
========  =================  ====================================================

Each payload also keeps what a person would use to find the target again
(``entity``: id, name, type, reference key, Wikidata id; ``fact``: subject,
predicate, object with their names, modality, and the evidence sentences with
their articles). That is how decisions survive re-processing:

- Entity ids are kept by the store through ``reprocess`` (its ``previous``
  resolution rule) and are derived from the article that first named the actor,
  so a decision keyed by entity id normally applies as it is. When the id no
  longer has any form in the store (re-extraction gave the actor another id),
  the decision is *re-anchored*: the one live entity with the recorded
  reference key, else Wikidata id, else name (fold_key) and type.
- Assertion ids hash (subject, predicate, object, modality, attribution, time),
  so the same fact read again from the same sentence gets the same id and the
  decision applies as it is. When the id is gone (say the new pipeline reads
  the modality differently), the decision is re-anchored to every assertion
  with the same predicate and ends (same entity, or same reference key, or same
  name) that has evidence in one of the recorded (article, sentence) pairs.
- A decision whose target cannot be found is kept, reported as ``dangling`` by
  ``orbat decisions``, and applies again if its target comes back.

Splits: ``split E --forms F1,F2`` moves to a new entity (id ``E~<hash of the
forms>``) every mention and alias of E whose surface form, in matching form
(``orbat.names.fold_key``), is listed; and, inside one article, a shorter form
("Soleimani") that only a listed form of the same article-local entity
contains ("Gholamreza Soleimani") follows it. An assertion end on E moves to
the new entity when, in every piece of its evidence, the mentions of E inside
the evidence span (else inside its sentence) are all moved ones; otherwise it
stays with E.
"""
from __future__ import annotations

# One module per concern: ``decisions`` (the table's rows, their states and summaries), ``effective``
# (the store as corrected; ``anchoring`` finds a decision's target again after re-extraction),
# ``lookup`` (names and ids to entities and facts), ``record`` (the commands that add a decision).
from orbat.curation.decisions import (ENTITY_KINDS, FACT_KINDS, KINDS, MAX_EVIDENCE, AmbiguousName, CurationError,
                                      Decision, default_who, load_decisions, summary)
from orbat.curation.lookup import describe_entity, describe_fact, find_entity, find_fact
from orbat.curation.record import confirm, listing, merge, note, reject, rename, retype, split, undo
from orbat.curation.effective import View, view

__all__ = ["ENTITY_KINDS", "FACT_KINDS", "KINDS", "MAX_EVIDENCE", "AmbiguousName", "CurationError", "Decision",
           "View", "confirm", "default_who", "describe_entity", "describe_fact", "find_entity", "find_fact",
           "listing", "load_decisions", "merge", "note", "reject", "rename", "retype", "split", "summary", "undo",
           "view"]
