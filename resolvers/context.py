"""The per-request context: who asks, in which language, at what time, and the loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.dataloader import DataLoader

from domain.calendar import WorkingCalendar
from domain.labels import Lang
from domain.viewer import Viewer
from storage import applications as applications_repo
from storage import complaints as complaints_repo
from storage import licences as licences_repo
from storage import organizations as repo
from storage import specialist_applications as specialist_applications_repo
from storage import specialists as specialists_repo
from storage.engine import Reader
from storage.specialists import SpecialistOrder

__all__ = ["Context", "EmployerPage", "Loaders", "NotLoaded", "SharedLoader", "resolve_loaded"]


K = TypeVar("K")
V = TypeVar("V")


class NotLoaded(LookupError):
    """SharedLoader.now: the key is not loaded yet (or its load failed)."""


class SharedLoader(DataLoader[K, V]):
    """A DataLoader whose loads survive the cancellation of one of their awaiters.

    Every awaiter of a key shares one future. graphql-core cancels the pending fields under a
    field that failed (a bad cursor in `node { ... }`, say): the future that field was awaiting
    was then cancelled too, and every other field awaiting that key, elsewhere in the answer,
    got a CancelledError that no error handling catches, which took down the whole request
    (found by tests/fuzz). Each awaiter now awaits a shield of the shared future.
    """

    def load(self, key: K) -> Awaitable[V]:
        return asyncio.shield(super().load(key))

    def loaded(self, key: K) -> tuple[bool, V | None]:
        """(True, value) when `key` is already loaded (see `preload`), else (False, None)."""
        future = self.cache_map.get(key) if self.cache else None
        if future is None or not future.done() or future.cancelled() or future.exception():
            return False, None
        return True, future.result()

    def now(self, key: K) -> V:
        """The value of `key` if it is already loaded; NotLoaded if not (yet)."""
        ready, value = self.loaded(key)
        if not ready:
            raise NotLoaded(key)
        return cast(V, value)

    async def preload(self, keys: Iterable[K]) -> None:
        """Load `keys` in one batch now, so that the fields of a page's items read them without
        waiting (`resolve_loaded`): a page of 100 specialists then needs one await for their
        education, instead of 100 awaitables the executor gathers one by one. A failed batch
        is not raised here: each field that asks for a key meets the failure itself, as it
        would have without priming."""
        futures = [cast(asyncio.Future[V], super(SharedLoader, self).load(key)) for key in keys]
        if futures:
            await asyncio.wait(futures)


R = TypeVar("R")


def resolve_loaded(
    loader: SharedLoader[K, V], key: K, convert: Callable[[V], R]
) -> R | Awaitable[R]:
    """A field's value from `loader`: at once when the key is already loaded (preloaded by
    the page the object came in), else awaited as any load."""
    ready, value = loader.loaded(key)
    if ready:
        return convert(cast(V, value))

    async def later() -> R:
        return convert(await loader.load(key))

    return later()


@dataclass(frozen=True, slots=True)
class EmployerPage:
    """Which page of an organisation's specialists (`Organization.specialists`)."""

    bin: str
    order: SpecialistOrder
    lang: Lang
    first: int
    after: tuple[Any, int] | None


def _grouped_pages(
    reader: Reader, viewer: Viewer
) -> Callable[[list[EmployerPage]], Awaitable[list[tuple[list[Row[Any]], bool]]]]:
    """One statement per distinct (order, language, size, cursor), for all organisations."""

    async def load(keys: list[EmployerPage]) -> list[tuple[list[Row[Any]], bool]]:
        groups: dict[tuple[Any, ...], list[str]] = {}
        for k in keys:
            groups.setdefault((k.order, k.lang, k.first, k.after), []).append(k.bin)
        found: dict[tuple[Any, ...], tuple[list[Row[Any]], bool]] = {}
        for (order, lang, first, after), bins in groups.items():
            pages = await specialists_repo.page_by_employer(
                reader, viewer, bins, order, lang, first, after
            )
            for bin_, page in pages.items():
                found[(order, lang, first, after, bin_)] = page
        return [found[(k.order, k.lang, k.first, k.after, k.bin)] for k in keys]

    return load


@dataclass(slots=True)
class Loaders:
    """Per-request DataLoaders: one statement per kind of thing per request, not per row."""

    organization_by_id: DataLoader[int, Row[Any] | None]
    licence_by_id: DataLoader[int, Row[Any] | None]
    licences_by_organization: SharedLoader[int, list[Row[Any]]]
    contract_by_organization: SharedLoader[int, Row[Any] | None]
    history_by_licence: SharedLoader[int, list[Row[Any]]]
    application_by_id: DataLoader[int, Row[Any] | None]
    events_by_application: DataLoader[int, list[Row[Any]]]
    events_by_complaint: DataLoader[int, list[Row[Any]]]
    organization_by_bin: DataLoader[str, Row[Any] | None]
    specialist_by_id: DataLoader[int, Row[Any] | None]
    education_by_specialist: SharedLoader[int, list[Row[Any]]]
    employment_by_specialist: SharedLoader[int, list[Row[Any]]]
    specialists_by_employer: DataLoader[EmployerPage, tuple[list[Row[Any]], bool]]
    specialist_count_by_employer: DataLoader[str, int]
    specialist_application_by_id: DataLoader[int, Row[Any] | None]
    events_by_specialist_application: DataLoader[int, list[Row[Any]]]

    @classmethod
    def create(cls, reader: Reader, viewer: Viewer) -> Loaders:
        async def organizations(ids: list[int]) -> list[Row[Any] | None]:
            found = await repo.organizations_by_ids(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def licences(ids: list[int]) -> list[Row[Any] | None]:
            found = await repo.licences_by_ids(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def licences_of(ids: list[int]) -> list[list[Row[Any]]]:
            found = await repo.licences_by_organization(reader, viewer, ids)
            return [found[i] for i in ids]

        async def contracts(ids: list[int]) -> list[Row[Any] | None]:
            found = await repo.contracts_by_organization(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def applications(ids: list[int]) -> list[Row[Any] | None]:
            found = await applications_repo.applications_by_ids(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def events(ids: list[int]) -> list[list[Row[Any]]]:
            found = await applications_repo.events_by_application(reader, ids)
            return [found[i] for i in ids]

        async def histories(ids: list[int]) -> list[list[Row[Any]]]:
            found = await licences_repo.events_by_licence(reader, viewer, ids)
            return [found[i] for i in ids]

        async def complaint_events(ids: list[int]) -> list[list[Row[Any]]]:
            found = await complaints_repo.events_by_complaint(reader, ids)
            return [found[i] for i in ids]

        async def organizations_by_bin(bins: list[str]) -> list[Row[Any] | None]:
            found = await repo.organizations_by_bins(reader, viewer, bins)
            return [found.get(b) for b in bins]

        async def specialists(ids: list[int]) -> list[Row[Any] | None]:
            found = await specialists_repo.specialists_by_ids(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def education(ids: list[int]) -> list[list[Row[Any]]]:
            found = await specialists_repo.education_by_specialist(reader, viewer, ids)
            return [found[i] for i in ids]

        async def employment(ids: list[int]) -> list[list[Row[Any]]]:
            found = await specialists_repo.employment_by_specialist(reader, viewer, ids)
            return [found[i] for i in ids]

        async def counts_by_employer(bins: list[str]) -> list[int]:
            found = await specialists_repo.count_by_employer(reader, viewer, bins)
            return [found[b] for b in bins]

        async def specialist_applications(ids: list[int]) -> list[Row[Any] | None]:
            found = await specialist_applications_repo.applications_by_ids(reader, viewer, ids)
            return [found.get(i) for i in ids]

        async def specialist_application_events(ids: list[int]) -> list[list[Row[Any]]]:
            found = await specialist_applications_repo.events_by_application(reader, viewer, ids)
            return [found[i] for i in ids]

        return cls(
            organization_by_bin=SharedLoader(organizations_by_bin),
            specialist_by_id=SharedLoader(specialists),
            education_by_specialist=SharedLoader(education),
            employment_by_specialist=SharedLoader(employment),
            specialists_by_employer=SharedLoader(_grouped_pages(reader, viewer)),
            specialist_count_by_employer=SharedLoader(counts_by_employer),
            specialist_application_by_id=SharedLoader(specialist_applications),
            events_by_specialist_application=SharedLoader(specialist_application_events),
            history_by_licence=SharedLoader(histories),
            application_by_id=SharedLoader(applications),
            events_by_application=SharedLoader(events),
            events_by_complaint=SharedLoader(complaint_events),
            organization_by_id=SharedLoader(organizations),
            licence_by_id=SharedLoader(licences),
            licences_by_organization=SharedLoader(licences_of),
            contract_by_organization=SharedLoader(contracts),
        )


@dataclass(slots=True)
class Context:
    engine: AsyncEngine
    reader: Reader
    viewer: Viewer
    lang: Lang
    now: datetime
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.kazakhstan)
    loaders: Loaders = field(init=False)
    # What the request's log line and metrics say of it (operation, cost, error codes): filled
    # by the schema, read by the HTTP layer; never personal data.
    report: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.loaders = Loaders.create(self.reader, self.viewer)

    async def refresh(self) -> None:
        """After a commit: a new read snapshot and empty loader caches (mutations run serially)."""
        await self.reader.close()
        self.reader = Reader(self.engine)
        self.loaders = Loaders.create(self.reader, self.viewer)
