"""The model layer: the records of human-rights recommendation data.

States, treaties, mechanisms, cycles and SDGs (reference tables shipped in the
package), recommendations and the responses to them, reviews, reported
figures, ratifications, Council memberships, implementation-tracking records,
provenance (:mod:`upr.model.provenance`) and conflicts
(:mod:`upr.model.conflicts`). Frozen attrs classes that know nothing of files,
fusion or display (docs/architecture.md).
"""
