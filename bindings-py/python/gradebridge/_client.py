"""The ManageBac clients: thin, typed wrappers over the native client.

Each method only names its operation and passes its arguments on; validation,
URLs, pagination, rate limiting and retries happen in the Rust core.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from . import _native
from ._native import (
    Class,
    ClassInput,
    Criterion,
    ItemOutcome,
    StatusAnswer,
    StudentGrades,
    StudentLevel,
    StudentTaskGrade,
    StudentTermGrade,
    Task,
    TaskCategory,
    TaskGrade,
    TaskInput,
    TaskResult,
)

DEFAULT_BASE_URL = "https://api.managebac.com"

TaskLike = Union[TaskInput, Mapping[str, Any]]
GradeLike = Union[TaskGrade, Mapping[str, Any]]
StudentGradeLike = Union[StudentTaskGrade, Mapping[str, Any]]
ClassLike = Union[ClassInput, Mapping[str, Any]]
StudentLevelLike = Union[StudentLevel, Mapping[str, Any]]


def _args(**kwargs: Any) -> Dict[str, Any]:
    """Arguments the caller set (None means "not set": it is never sent)."""
    return {k: v for k, v in kwargs.items() if v is not None}


def _ids(ids: Optional[Sequence[int]]) -> Optional[List[int]]:
    return None if ids is None else list(ids)


class _Base:
    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        max_retries: int = 3,
        requests_per_minute: Optional[int] = 200,
    ) -> None:
        self._native = _native.Client(token, base_url, timeout, max_retries, requests_per_minute)

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._native.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class ManageBac(_Base):
    """Blocking ManageBac client. Releases the GIL while it waits on the network.

    List operations return a lazy iterator that fetches the next page only when it
    is needed; ``list(...)`` collects every record.
    """

    # Lists ---------------------------------------------------------------------

    def class_grades(
        self,
        class_id: int,
        term_id: int,
        *,
        include_archived_students: Optional[bool] = None,
        per_page: Optional[int] = None,
    ) -> Iterator[StudentGrades]:
        """Every gradebook grade of a class for a term."""
        return self._native.iterate(
            "class_grades",
            _args(class_id=class_id, term_id=term_id, include_archived_students=include_archived_students, per_page=per_page),
        )

    def term_grades(
        self,
        class_id: int,
        term_id: int,
        *,
        student_ids: Optional[Sequence[int]] = None,
        include_archived_students: Optional[bool] = None,
        unenrolled_only: Optional[bool] = None,
        per_page: Optional[int] = None,
    ) -> Iterator[StudentTermGrade]:
        """Term grades of a class."""
        return self._native.iterate(
            "term_grades",
            _args(
                class_id=class_id,
                term_id=term_id,
                student_ids=_ids(student_ids),
                include_archived_students=include_archived_students,
                unenrolled_only=unenrolled_only,
                per_page=per_page,
            ),
        )

    def tasks(self, class_id: int, term_id: Optional[int] = None, *, per_page: Optional[int] = None) -> Iterator[Task]:
        """A class's tasks (of one term, when given)."""
        return self._native.iterate("tasks", _args(class_id=class_id, term_id=term_id, per_page=per_page))

    def task_results(self, class_id: int, task_id: int, *, per_page: Optional[int] = None) -> Iterator[TaskResult]:
        """Every student's results on a task."""
        return self._native.iterate("task_results", _args(class_id=class_id, task_id=task_id, per_page=per_page))

    def classes(
        self,
        modified_since: Optional[str] = None,
        deleted_since: Optional[str] = None,
        archived: Optional[bool] = None,
        *,
        per_page: Optional[int] = None,
    ) -> Iterator[Class]:
        """Every class."""
        return self._native.iterate(
            "classes",
            _args(modified_since=modified_since, deleted_since=deleted_since, archived=archived, per_page=per_page),
        )

    # Single operations ---------------------------------------------------------

    def get_task(self, class_id: int, task_id: int) -> Task:
        """One task."""
        return self._native.call("get_task", _args(class_id=class_id, task_id=task_id))  # type: ignore[no-any-return]

    def create_task(self, class_id: int, task: TaskLike) -> Task:
        """Create a task (never retried)."""
        return self._native.call("create_task", _args(class_id=class_id, task=task))  # type: ignore[no-any-return]

    def update_task(self, class_id: int, task_id: int, task: TaskLike) -> Task:
        """Update a task: only the fields set are sent."""
        return self._native.call("update_task", _args(class_id=class_id, task_id=task_id, task=task))  # type: ignore[no-any-return]

    def delete_task(self, class_id: int, task_id: int) -> None:
        """Delete a task."""
        self._native.call("delete_task", _args(class_id=class_id, task_id=task_id))

    def update_task_grade(self, task_id: int, student_id: int, grade: GradeLike) -> TaskGrade:
        """Write one student's grade on a task."""
        return self._native.call(  # type: ignore[no-any-return]
            "update_task_grade", _args(task_id=task_id, student_id=student_id, grade=grade)
        )

    def update_task_grades(self, task_id: int, grades: Sequence[StudentGradeLike]) -> List[ItemOutcome]:
        """Write many students' grades; one outcome per student (never raises for a partial failure)."""
        return self._native.call("update_task_grades", _args(task_id=task_id, grades=list(grades)))  # type: ignore[no-any-return]

    def reset_task_grades(self, task_id: int, student_ids: Sequence[int]) -> List[ItemOutcome]:
        """Reset students' grades and submissions on a task; one outcome per student."""
        return self._native.call("reset_task_grades", _args(task_id=task_id, student_ids=list(student_ids)))  # type: ignore[no-any-return]

    def criteria(self, class_id: int) -> List[Criterion]:
        """A class's criteria."""
        return self._native.call("criteria", _args(class_id=class_id))  # type: ignore[no-any-return]

    def task_categories(self, class_id: int) -> List[TaskCategory]:
        """A class's task categories, with weights."""
        return self._native.call("task_categories", _args(class_id=class_id))  # type: ignore[no-any-return]

    def get_class(self, class_id: int) -> Class:
        """One class."""
        return self._native.call("get_class", _args(class_id=class_id))  # type: ignore[no-any-return]

    def create_class(self, class_: ClassLike) -> Class:
        """Create a class (never retried)."""
        return self._native.call("create_class", _args(**{"class": class_}))  # type: ignore[no-any-return]

    def update_class(self, class_id: int, class_: ClassLike) -> Class:
        """Update a class: only the fields set are sent."""
        return self._native.call("update_class", _args(class_id=class_id, **{"class": class_}))  # type: ignore[no-any-return]

    def upsert_classes(self, classes: Sequence[ClassLike]) -> List[ItemOutcome]:
        """Create (no id) or update (with id) many classes; one outcome per index."""
        return self._native.call("upsert_classes", _args(classes=list(classes)))  # type: ignore[no-any-return]

    def add_class_students(self, class_id: int, student_ids: Sequence[int]) -> StatusAnswer:
        """Add students to a class."""
        return self._native.call("add_class_students", _args(class_id=class_id, student_ids=list(student_ids)))  # type: ignore[no-any-return]

    def remove_class_students(self, class_id: int, student_ids: Sequence[int]) -> StatusAnswer:
        """Remove students from a class."""
        return self._native.call("remove_class_students", _args(class_id=class_id, student_ids=list(student_ids)))  # type: ignore[no-any-return]

    def update_class_students(self, class_id: int, students: Sequence[StudentLevelLike]) -> List[ItemOutcome]:
        """Set students' levels in a class; one outcome per student."""
        return self._native.call("update_class_students", _args(class_id=class_id, students=list(students)))  # type: ignore[no-any-return]


class AsyncManageBac(_Base):
    """asyncio ManageBac client: every method is a coroutine; list operations return
    an async iterator (``async for``) that fetches pages lazily."""

    def class_grades(
        self,
        class_id: int,
        term_id: int,
        *,
        include_archived_students: Optional[bool] = None,
        per_page: Optional[int] = None,
    ) -> AsyncIterator[StudentGrades]:
        """Every gradebook grade of a class for a term."""
        return self._native.aiterate(
            "class_grades",
            _args(class_id=class_id, term_id=term_id, include_archived_students=include_archived_students, per_page=per_page),
        )

    def term_grades(
        self,
        class_id: int,
        term_id: int,
        *,
        student_ids: Optional[Sequence[int]] = None,
        include_archived_students: Optional[bool] = None,
        unenrolled_only: Optional[bool] = None,
        per_page: Optional[int] = None,
    ) -> AsyncIterator[StudentTermGrade]:
        """Term grades of a class."""
        return self._native.aiterate(
            "term_grades",
            _args(
                class_id=class_id,
                term_id=term_id,
                student_ids=_ids(student_ids),
                include_archived_students=include_archived_students,
                unenrolled_only=unenrolled_only,
                per_page=per_page,
            ),
        )

    def tasks(self, class_id: int, term_id: Optional[int] = None, *, per_page: Optional[int] = None) -> AsyncIterator[Task]:
        """A class's tasks (of one term, when given)."""
        return self._native.aiterate("tasks", _args(class_id=class_id, term_id=term_id, per_page=per_page))

    def task_results(self, class_id: int, task_id: int, *, per_page: Optional[int] = None) -> AsyncIterator[TaskResult]:
        """Every student's results on a task."""
        return self._native.aiterate("task_results", _args(class_id=class_id, task_id=task_id, per_page=per_page))

    def classes(
        self,
        modified_since: Optional[str] = None,
        deleted_since: Optional[str] = None,
        archived: Optional[bool] = None,
        *,
        per_page: Optional[int] = None,
    ) -> AsyncIterator[Class]:
        """Every class."""
        return self._native.aiterate(
            "classes",
            _args(modified_since=modified_since, deleted_since=deleted_since, archived=archived, per_page=per_page),
        )

    async def get_task(self, class_id: int, task_id: int) -> Task:
        """One task."""
        return await self._native.call_async("get_task", _args(class_id=class_id, task_id=task_id))  # type: ignore[no-any-return]

    async def create_task(self, class_id: int, task: TaskLike) -> Task:
        """Create a task (never retried)."""
        return await self._native.call_async("create_task", _args(class_id=class_id, task=task))  # type: ignore[no-any-return]

    async def update_task(self, class_id: int, task_id: int, task: TaskLike) -> Task:
        """Update a task: only the fields set are sent."""
        return await self._native.call_async("update_task", _args(class_id=class_id, task_id=task_id, task=task))  # type: ignore[no-any-return]

    async def delete_task(self, class_id: int, task_id: int) -> None:
        """Delete a task."""
        await self._native.call_async("delete_task", _args(class_id=class_id, task_id=task_id))

    async def update_task_grade(self, task_id: int, student_id: int, grade: GradeLike) -> TaskGrade:
        """Write one student's grade on a task."""
        return await self._native.call_async(  # type: ignore[no-any-return]
            "update_task_grade", _args(task_id=task_id, student_id=student_id, grade=grade)
        )

    async def update_task_grades(self, task_id: int, grades: Sequence[StudentGradeLike]) -> List[ItemOutcome]:
        """Write many students' grades; one outcome per student."""
        return await self._native.call_async("update_task_grades", _args(task_id=task_id, grades=list(grades)))  # type: ignore[no-any-return]

    async def reset_task_grades(self, task_id: int, student_ids: Sequence[int]) -> List[ItemOutcome]:
        """Reset students' grades and submissions on a task; one outcome per student."""
        return await self._native.call_async(  # type: ignore[no-any-return]
            "reset_task_grades", _args(task_id=task_id, student_ids=list(student_ids))
        )

    async def criteria(self, class_id: int) -> List[Criterion]:
        """A class's criteria."""
        return await self._native.call_async("criteria", _args(class_id=class_id))  # type: ignore[no-any-return]

    async def task_categories(self, class_id: int) -> List[TaskCategory]:
        """A class's task categories, with weights."""
        return await self._native.call_async("task_categories", _args(class_id=class_id))  # type: ignore[no-any-return]

    async def get_class(self, class_id: int) -> Class:
        """One class."""
        return await self._native.call_async("get_class", _args(class_id=class_id))  # type: ignore[no-any-return]

    async def create_class(self, class_: ClassLike) -> Class:
        """Create a class (never retried)."""
        return await self._native.call_async("create_class", _args(**{"class": class_}))  # type: ignore[no-any-return]

    async def update_class(self, class_id: int, class_: ClassLike) -> Class:
        """Update a class: only the fields set are sent."""
        return await self._native.call_async("update_class", _args(class_id=class_id, **{"class": class_}))  # type: ignore[no-any-return]

    async def upsert_classes(self, classes: Sequence[ClassLike]) -> List[ItemOutcome]:
        """Create (no id) or update (with id) many classes; one outcome per index."""
        return await self._native.call_async("upsert_classes", _args(classes=list(classes)))  # type: ignore[no-any-return]

    async def add_class_students(self, class_id: int, student_ids: Sequence[int]) -> StatusAnswer:
        """Add students to a class."""
        return await self._native.call_async(  # type: ignore[no-any-return]
            "add_class_students", _args(class_id=class_id, student_ids=list(student_ids))
        )

    async def remove_class_students(self, class_id: int, student_ids: Sequence[int]) -> StatusAnswer:
        """Remove students from a class."""
        return await self._native.call_async(  # type: ignore[no-any-return]
            "remove_class_students", _args(class_id=class_id, student_ids=list(student_ids))
        )

    async def update_class_students(self, class_id: int, students: Sequence[StudentLevelLike]) -> List[ItemOutcome]:
        """Set students' levels in a class; one outcome per student."""
        return await self._native.call_async(  # type: ignore[no-any-return]
            "update_class_students", _args(class_id=class_id, students=list(students))
        )
