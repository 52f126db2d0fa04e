"""gradebridge: ManageBac, Schoology and Blackboard Learn gradebooks from Python.

>>> import gradebridge
>>> mb = gradebridge.ManageBac("token", base_url="http://127.0.0.1:8080")

Every error raised is a ``gradebridge.GradebridgeError`` (one subclass per kind).
What the clients do (each request, 429 waits, retries) goes to the ``gradebridge``
logger of :mod:`logging` (DEBUG, INFO, WARNING); retries are set with
``retry=gradebridge.Retry(...)``.
"""

from ._base import Retry
from ._values import ScaleLevel, Timestamp
from ._client import AsyncBlackboard, AsyncManageBac, AsyncSchoology, Blackboard, ManageBac, Schoology
from . import sync
from ._models import *  # noqa: F403 (every model class, generated)
from ._models import __all__ as _MODELS
from ._native import (
    AuthenticationError,
    DecodeError,
    GradebridgeError,
    GradeScale,
    InvalidInputError,
    NotFoundError,
    Operation,
    Page,
    PermissionDeniedError,
    RateLimitError,
    Request,
    ServerError,
    TransportError,
    UnprocessableError,
    __version__,
    group_mark,
    myp_grade,
    operations,
    percent,
    weighted_average,
)

__all__ = [
    "ScaleLevel",
    "Timestamp",
    "AsyncBlackboard",
    "AsyncManageBac",
    "Blackboard",
    "AuthenticationError",
    "DecodeError",
    "GradebridgeError",
    "GradeScale",
    "InvalidInputError",
    "ManageBac",
    "NotFoundError",
    "Operation",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "Schoology",
    "AsyncSchoology",
    "Request",
    "Retry",
    "ServerError",
    "TransportError",
    "UnprocessableError",
    "__version__",
    "group_mark",
    "myp_grade",
    "operations",
    "percent",
    "sync",
    "weighted_average",
    *_MODELS,
]
