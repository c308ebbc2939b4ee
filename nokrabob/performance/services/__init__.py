"""Writes to indicators, each in one transaction with its audit row (see ``definitions`` and ``reporting``).

Bad input raises ``DomainError`` with a Thai message naming the field, and nothing is saved.
"""

from nokrabob.performance.services.action_plans import (
    StepRow,
    action_steps_replace,
    step_progress_record,
)
from nokrabob.performance.services.definitions import (
    INDICATOR_FIELDS,
    IndicatorData,
    LevelRow,
    baselines_set,
    indicator_create,
    indicator_link_nodes,
    indicator_save,
    indicator_update,
    level_table_set,
    milestone_record,
    strategy_node_create,
)
from nokrabob.performance.services.reporting import (
    ASSESSMENT_FIELDS,
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_BYTES,
    RESULT_FIELDS,
    AssessmentData,
    ResultData,
    assessment_record,
    evidence_add,
    quarter_reopen,
    result_record,
)
from nokrabob.performance.services.snapshots import (
    quarter_close,
    snapshot_ensure,
    snapshot_refresh,
    snapshots_for_closed_quarters,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "EVIDENCE_EXTENSIONS",
    "INDICATOR_FIELDS",
    "MAX_EVIDENCE_BYTES",
    "RESULT_FIELDS",
    "AssessmentData",
    "IndicatorData",
    "LevelRow",
    "ResultData",
    "StepRow",
    "action_steps_replace",
    "assessment_record",
    "baselines_set",
    "evidence_add",
    "indicator_create",
    "indicator_link_nodes",
    "indicator_save",
    "indicator_update",
    "level_table_set",
    "milestone_record",
    "quarter_close",
    "quarter_reopen",
    "result_record",
    "snapshot_ensure",
    "snapshot_refresh",
    "snapshots_for_closed_quarters",
    "step_progress_record",
    "strategy_node_create",
]
