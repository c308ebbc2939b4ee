"""Moved to ``nokrabob.registry.rules.national_id`` (the rule's one home); this name is kept only so code
written against the old path keeps working until it moves. New code imports the rule module."""

from nokrabob.registry.rules.national_id import *  # noqa: F403
