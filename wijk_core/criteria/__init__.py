"""The assessment framework ("afwegingskader"): compare candidate neighbourhoods.

Criteria are columns of a decision matrix whose rows are the alternatives (candidate
neighbourhoods, or every statistical sector in hotspot mode). Each criterion has a
:class:`Direction` and a weight. :func:`normalise` puts them on one scale,
:func:`rank` scores them with a weighted sum or TOPSIS and explains each score,
:func:`first_place_probability` and :func:`leave_one_out` say how robust the
outcome is, :func:`hotspot_scores` maps the score over all sectors.

Modules: ``direction`` (the enum), ``validation`` (the checks every entry point
runs), ``normalise``, ``scoring`` (pure array calculations), ``ranking``,
``robustness``.

Every refusal is a :class:`CriteriaError` (a ``WijkError``, so a ``ValueError``)
whose ``code`` is one of these i18n keys:

================================== ==============================================
``errors.criteria_matrix_empty``     no alternatives or no criteria
``errors.criteria_too_few_alternatives`` fewer than two alternatives
``errors.criteria_duplicate_names``  two rows or two columns share a name
``errors.criteria_unknown``          weights/directions name a criterion not in the matrix
``errors.weight_missing``            a criterion has no weight
``errors.direction_missing``         a criterion has no direction
``errors.direction_unknown``         ``Direction("sideways")``
``errors.criterion_direction_unknown`` the same, for a named criterion
``errors.weight_invalid``            a weight that is not a finite number
``errors.weight_negative``           a weight below zero
``errors.weights_all_zero``          every weight is zero
``errors.criteria_value_invalid``    text or infinity in the matrix
``errors.criteria_missing_values``   NaN with ``missing="raise"``
``errors.criteria_column_empty``     a criterion with no value at all
``errors.criteria_option_invalid``   unknown ``method``, ``normalisation``, ``missing``
``errors.criteria_number_out_of_range`` bad ``draws``, ``concentration``, ``interval``
================================== ==============================================
"""

from wijk_core.criteria.direction import Direction
from wijk_core.criteria.errors import CriteriaError, MissingValuesWarning
from wijk_core.criteria.normalise import Normalisation, normalise
from wijk_core.criteria.ranking import Ranking, hotspot_scores, rank
from wijk_core.criteria.robustness import first_place_probability, leave_one_out
from wijk_core.criteria.scoring import Method
from wijk_core.criteria.validation import MissingPolicy

__all__ = [
    "CriteriaError", "Direction", "Method", "MissingPolicy", "MissingValuesWarning",
    "Normalisation", "Ranking", "first_place_probability", "hotspot_scores", "leave_one_out",
    "normalise", "rank",
]
