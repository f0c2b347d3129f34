"""The ontology as data: entity types, predicates and modalities, loaded and checked once.

Everything that names a type, predicate or modality (reference data, pattern
files) is validated against this, so a typo fails loudly with the file named
instead of silently producing facts nobody can query.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


class OntologyError(ValueError):
    """A data file disagrees with the ontology; the message names the file."""


@dataclass(frozen=True)
class Predicate:
    name: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    symmetric: bool
    means: str

    def allows(self, subject_type: str, object_type: str) -> bool:
        return subject_type in self.subject_types and object_type in self.object_types


@dataclass(frozen=True)
class Ontology:
    entity_types: frozenset[str]
    modalities: tuple[str, ...]
    predicates: dict[str, Predicate]

    def check_type(self, value: str, where: str) -> str:
        if value not in self.entity_types:
            raise OntologyError(f"{where}: unknown entity type {value!r} "
                                f"(known: {', '.join(sorted(self.entity_types))})")
        return value

    def check_predicate(self, value: str, where: str) -> Predicate:
        if value not in self.predicates:
            raise OntologyError(f"{where}: unknown predicate {value!r} "
                                f"(known: {', '.join(sorted(self.predicates))})")
        return self.predicates[value]

    def check_modality(self, value: str, where: str) -> str:
        if value not in self.modalities:
            raise OntologyError(f"{where}: unknown modality {value!r} "
                                f"(known: {', '.join(self.modalities)})")
        return value


def parse(data: object, where: str) -> Ontology:
    """Build an Ontology from the parsed YAML of an ontology file, checking every reference."""
    if not isinstance(data, dict):
        raise OntologyError(f"{where}: expected a mapping at the top level")
    try:
        types = frozenset(data["entity_types"])
        actor_types = data["actor_types"]
        modalities = tuple(data["modalities"])
        raw_predicates = data["predicates"]
    except (KeyError, TypeError) as exc:
        raise OntologyError(f"{where}: missing section {exc}") from None
    bare = Ontology(types, modalities, {})
    for t in actor_types:
        bare.check_type(t, f"{where}: actor_types")

    def type_set(value: object, label: str) -> frozenset[str]:
        if value == "actor":
            return frozenset(actor_types)
        if not isinstance(value, list) or not value:
            raise OntologyError(f"{where}: {label} must be a list of types or 'actor'")
        return frozenset(bare.check_type(t, f"{where}: {label}") for t in value)

    predicates = {}
    for name, spec in raw_predicates.items():
        if not isinstance(spec, dict):
            raise OntologyError(f"{where}: predicate {name!r} must be a mapping")
        predicates[name] = Predicate(
            name=name,
            subject_types=type_set(spec.get("subject"), f"predicate {name} subject"),
            object_types=type_set(spec.get("object"), f"predicate {name} object"),
            symmetric=bool(spec.get("symmetric", False)),
            means=str(spec.get("means", "")),
        )
    return Ontology(types, modalities, predicates)


def load(path: str | Path | None = None) -> Ontology:
    """Load an ontology file; the packaged one when no path is given."""
    if path is None:
        return default()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OntologyError(f"{path}: cannot read ontology: {exc}") from None
    return parse(data, str(path))


@lru_cache(maxsize=1)
def default() -> Ontology:
    source = resources.files("orbat") / "data" / "ontology.yaml"
    return parse(yaml.safe_load(source.read_text(encoding="utf-8")), "orbat/data/ontology.yaml")
