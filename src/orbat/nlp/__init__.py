"""orbat's natural-language stage: the only package that touches spaCy objects.

``build()`` returns one spaCy pipeline: the statistical English model plus
orbat's components; ``analyse()`` turns a processed Doc into plain dataclasses.
"""
from orbat.nlp.build import analyse, build

__all__ = ["analyse", "build"]
