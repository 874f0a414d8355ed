"""The per-request context: who asks, in which language, at what time, and the loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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
from storage.engine import Reader

__all__ = ["Context", "Loaders"]


@dataclass(slots=True)
class Loaders:
    """Per-request DataLoaders: one statement per kind of thing per request, not per row."""

    organization_by_id: DataLoader[int, Row[Any] | None]
    licence_by_id: DataLoader[int, Row[Any] | None]
    licences_by_organization: DataLoader[int, list[Row[Any]]]
    contract_by_organization: DataLoader[int, Row[Any] | None]
    history_by_licence: DataLoader[int, list[Row[Any]]]
    application_by_id: DataLoader[int, Row[Any] | None]
    events_by_application: DataLoader[int, list[Row[Any]]]
    events_by_complaint: DataLoader[int, list[Row[Any]]]

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

        return cls(
            history_by_licence=DataLoader(histories),
            application_by_id=DataLoader(applications),
            events_by_application=DataLoader(events),
            events_by_complaint=DataLoader(complaint_events),
            organization_by_id=DataLoader(organizations),
            licence_by_id=DataLoader(licences),
            licences_by_organization=DataLoader(licences_of),
            contract_by_organization=DataLoader(contracts),
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

    def __post_init__(self) -> None:
        self.loaders = Loaders.create(self.reader, self.viewer)

    async def refresh(self) -> None:
        """After a commit: a new read snapshot and empty loader caches (mutations run serially)."""
        await self.reader.close()
        self.reader = Reader(self.engine)
        self.loaders = Loaders.create(self.reader, self.viewer)
